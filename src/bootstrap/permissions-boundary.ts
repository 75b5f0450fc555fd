/**
 * The permissions boundary of every role the regional stack creates: the most any of them may
 * ever do, whatever inline or managed policy the deploy path puts on it. It names the services the
 * regional stack's functions and its API Gateway logging role use, on `servapp-*` resources of
 * this account only. No IAM, no STS, no KMS administration: a role inside the boundary cannot
 * reach beyond ServApp's data even if a hostile template grants it more.
 *
 * Names cannot scope everything: keys are addressed by id (so the `Project` tag scopes them), API
 * Gateway names execution log groups after the API id (so only the logging role may write them),
 * and the artifact buckets match `servapp-*` (so an explicit Deny keeps every environment's roles
 * out of the code and templates that later rollouts deploy).
 */
import { IAM } from 'cloudform-types';
import {
  API_GATEWAY_LOGGING_ROLE_PURPOSE,
  NAME_PATTERN,
  NAME_PREFIX,
  PERMISSIONS_BOUNDARY_POLICY_NAME,
  PROJECT_NAME,
  type StandardTagKey,
} from '../conventions/index.js';
import { allow, allowUnscoped, deny, policyDocument, type Statement } from '../core/iam.js';
import { sub } from '../core/intrinsics.js';
import type { Handle, TemplateBuilder } from '../core/template.js';
import { ARTIFACT_BUCKET_ARNS } from './artifact-bucket.js';

/** Resources ServApp creates carry `Project: ServApp` (src/conventions/parameters.ts): the scope where names cannot be. */
export const PROJECT_TAG_KEY: StandardTagKey = 'Project';
export const SERVAPP_RESOURCE_TAG = { [`aws:ResourceTag/${PROJECT_TAG_KEY}`]: PROJECT_NAME };
export const SERVAPP_REQUEST_TAG = { [`aws:RequestTag/${PROJECT_TAG_KEY}`]: PROJECT_NAME };

const P = 'arn:${AWS::Partition}';
/** Any region: the policy is global and the StackSet deploys to several regions. */
const arn = (service: string, resource: string) => sub(`${P}:${service}:*:\${AWS::AccountId}:${resource}`);
const NAME = NAME_PATTERN;
const OBJECT_ACTIONS = ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:PutObject'];
const BUCKET_ACTIONS = ['s3:ListBucket'];
/** Every S3 action the boundary allows: what its Deny on the artifact buckets must cover. */
const BOUNDARY_S3_ACTIONS = [...OBJECT_ACTIONS, ...BUCKET_ACTIONS];

export function boundaryStatements(): Statement[] {
  return [
    allow(
      'FunctionLogs',
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      [arn('logs', `log-group:/aws/lambda/${NAME}:*`)],
    ),
    // The writes of AmazonAPIGatewayPushToCloudWatchLogs, for API Gateway's account-wide logging
    // role only: execution log groups are named after the API id, so no name keeps another team's
    // out, and writing them is that role's job. Its reads (GetLogEvents, FilterLogEvents) are left
    // out: API Gateway only writes.
    allow(
      'ApiGatewayLogs',
      ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
      [
        arn('logs', 'log-group:API-Gateway-Execution-Logs_*'),
        arn('logs', `log-group:/aws/apigateway/${NAME}`),
      ],
      {
        ArnLike: {
          'aws:PrincipalArn': sub(
            `${P}:iam::\${AWS::AccountId}:role/${NAME_PREFIX}-*-${API_GATEWAY_LOGGING_ROLE_PURPOSE}`,
          ),
        },
      },
    ),
    allowUnscoped(
      'DescribeLogGroups',
      ['logs:DescribeLogGroups'],
      'logs:DescribeLogGroups supports no resource-level permissions',
    ),
    allowUnscoped(
      'Traces',
      ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
      'X-Ray trace segments have no resource ARN to scope to',
    ),
    allow(
      'Tables',
      [
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ],
      [arn('dynamodb', `table/${NAME}`), arn('dynamodb', `table/${NAME}/index/*`)],
    ),
    allow('Objects', OBJECT_ACTIONS, [sub(`${P}:s3:::${NAME}/*`)]),
    allow('Buckets', BUCKET_ACTIONS, [sub(`${P}:s3:::${NAME}`)]),
    // The dead-letter and failed-invocation queues, and the fan-out queues the worker consumes.
    allow(
      'Queues',
      [
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ReceiveMessage',
        'sqs:SendMessage',
      ],
      [arn('sqs', NAME)],
    ),
    allow('Topics', ['sns:Publish'], [arn('sns', NAME)]),
    // Use only, never administration, and only of ServApp's keys: a key is addressed by id, and
    // another team's key whose policy defers to IAM would otherwise be usable. The key policies
    // add that use goes through the services that store data under the key (src/core/kms.ts).
    allow(
      'UseKeys',
      ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
      [arn('kms', 'key/*')],
      { StringEquals: SERVAPP_RESOURCE_TAG },
    ),
    // The artifact buckets hold the code and templates every environment's rollout deploys; they
    // match servapp-*, so without this a dev role could plant a zip that a prod rollout picks up.
    deny('NoArtifactBuckets', BOUNDARY_S3_ACTIONS, ARTIFACT_BUCKET_ARNS),
  ];
}

export function permissionsBoundary(
  t: TemplateBuilder,
  condition: string,
): Handle<'AWS::IAM::ManagedPolicy'> {
  return t.resource(
    'PermissionsBoundary',
    new IAM.ManagedPolicy({
      ManagedPolicyName: PERMISSIONS_BOUNDARY_POLICY_NAME,
      Description:
        'Permissions boundary of every ServApp regional role: the services and servapp-* resources the regional stack uses, nothing else',
      PolicyDocument: policyDocument(boundaryStatements()),
    }),
    { condition },
  );
}
