/**
 * The self-managed StackSet roles. IAM is global, so they are created by the bootstrap stack of
 * one region only (`CreateAccountResources`). The administration role is what CloudFormation
 * assumes to run a StackSet operation; all it may do is assume the execution role of this
 * account. The execution role trusts only the administration role.
 */
import { Fn, IAM } from 'cloudform-types';
import { STACKSET_ADMINISTRATION_ROLE_NAME, STACKSET_EXECUTION_ROLE_NAME } from '../conventions/index.js';
import { allow, policyDocument, serviceTrust } from '../core/iam.js';
import { sub } from '../core/intrinsics.js';
import { cfnLint } from '../core/suppressions.js';
import type { Handle, Reference, TemplateBuilder } from '../core/template.js';
import { executionStatements } from './execution-policy.js';
import { permissionsBoundary } from './permissions-boundary.js';

/**
 * The StackSet roles create the bounded roles; the boundary (which grants no IAM) would stop them.
 * What keeps them in check instead: their policies live only here, the execution role may not
 * write to either of them or edit the boundary, and every role it writes must carry the boundary.
 */
const DEPLOY_ROLE_WITHOUT_BOUNDARY = cfnLint(
  'E9011',
  'A StackSet deploy role: it creates the regional roles, which the boundary (no IAM actions) would forbid; the execution role is denied any write to itself and the administration role, and may write other roles only when they carry the boundary',
);

export const ACCOUNT_RESOURCES_CONDITION = 'CreateAccountResourcesHere';

export interface StackSetRoles {
  administration: Handle<'AWS::IAM::Role'>;
  execution: Handle<'AWS::IAM::Role'>;
  boundary: Handle<'AWS::IAM::ManagedPolicy'>;
}

const roleArn = (name: string) => sub(`arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/${name}`);

export function stackSetRoles(t: TemplateBuilder, createAccountResources: Reference): StackSetRoles {
  t.condition(ACCOUNT_RESOURCES_CONDITION, Fn.Equals(createAccountResources.ref(), 'true'));
  const boundary = permissionsBoundary(t, ACCOUNT_RESOURCES_CONDITION);
  const administration = t.resource(
    'StackSetAdministrationRole',
    new IAM.Role({
      RoleName: STACKSET_ADMINISTRATION_ROLE_NAME,
      Description:
        'Assumed by CloudFormation to run ServApp StackSet operations; may only assume the execution role',
      AssumeRolePolicyDocument: serviceTrust('cloudformation.amazonaws.com', true),
      Policies: [
        {
          PolicyName: 'assume-servapp-execution-role',
          PolicyDocument: policyDocument([
            allow('AssumeExecutionRole', ['sts:AssumeRole'], [roleArn(STACKSET_EXECUTION_ROLE_NAME)]),
          ]),
        },
      ],
    }),
    { condition: ACCOUNT_RESOURCES_CONDITION, suppressions: [DEPLOY_ROLE_WITHOUT_BOUNDARY] },
  );
  const execution = t.resource(
    'StackSetExecutionRole',
    new IAM.Role({
      RoleName: STACKSET_EXECUTION_ROLE_NAME,
      Description:
        'Creates, updates and deletes the ServApp regional stack instances (servapp-* resources only)',
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: administration.getAtt('Arn') },
            Action: ['sts:AssumeRole'],
          },
        ],
      },
      Policies: [
        { PolicyName: 'servapp-regional-stack', PolicyDocument: policyDocument(executionStatements()) },
      ],
    }),
    { condition: ACCOUNT_RESOURCES_CONDITION, suppressions: [DEPLOY_ROLE_WITHOUT_BOUNDARY] },
  );
  return { administration, execution, boundary };
}
