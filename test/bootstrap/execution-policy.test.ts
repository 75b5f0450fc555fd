import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bootstrapTemplate } from '../../src/bootstrap';
import {
  PERMISSIONS_BOUNDARY_POLICY_NAME,
  STACKSET_ADMINISTRATION_ROLE_NAME,
  STACKSET_EXECUTION_ROLE_NAME,
} from '../../src/conventions';
import type { Statement } from '../../src/core/iam';
import { resource } from '../support/template';

const test = suite('StackSet execution role: it cannot escalate through IAM');
const statements: Statement[] = resource(bootstrapTemplate(), 'StackSetExecutionRole').Properties.Policies[0]
  .PolicyDocument.Statement;
const text = (value: unknown) => JSON.stringify(value);
const allows = statements.filter((s) => s.Effect === 'Allow');
const denies = statements.filter((s) => s.Effect === 'Deny');
const boundaryArn = (value: unknown) => text(value).includes(`:policy/${PERMISSIONS_BOUNDARY_POLICY_NAME}`);
const allowing = (action: string) => allows.filter((s) => s.Action.includes(action));

test('CreateRole, PutRolePolicy, AttachRolePolicy (and their undo) are allowed only when the role carries the boundary', () => {
  for (const action of [
    'iam:CreateRole',
    'iam:PutRolePolicy',
    'iam:AttachRolePolicy',
    'iam:DeleteRolePolicy',
    'iam:DetachRolePolicy',
    'iam:PutRolePermissionsBoundary',
  ]) {
    const found = allowing(action);
    assert.ok(found.length > 0, `${action} is not allowed at all`);
    for (const s of found) {
      assert.ok(boundaryArn(s.Condition?.StringEquals?.['iam:PermissionsBoundary']), `${s.Sid}: ${action}`);
    }
  }
});

test('the only managed policy it may attach is API Gateway logging, still under the boundary condition', () => {
  const [attach] = allowing('iam:AttachRolePolicy');
  assert.ok(
    text(attach?.Condition?.ArnEquals?.['iam:PolicyARN']).includes('AmazonAPIGatewayPushToCloudWatchLogs'),
  );
});

test('every role it may touch is named servapp-*-role, a pattern its own and the administration role do not match', () => {
  for (const s of allows.filter((s) => s.Action.some((a) => a.startsWith('iam:')))) {
    if (s.Action.every((a) => a === 'iam:CreateServiceLinkedRole')) continue;
    assert.match(text(s.Resource), /:role\/servapp-\*-role"/, s.Sid);
  }
  const pattern = /^servapp-.*-role$/;
  assert.not.match(STACKSET_EXECUTION_ROLE_NAME, pattern);
  assert.not.match(STACKSET_ADMINISTRATION_ROLE_NAME, pattern);
});

test('PassRole only to Lambda and API Gateway; UpdateAssumeRolePolicy only on the named regional roles', () => {
  const [pass] = allowing('iam:PassRole');
  assert.equal(pass?.Condition?.StringEquals?.['iam:PassedToService'], [
    'apigateway.amazonaws.com',
    'lambda.amazonaws.com',
  ]);
  assert.match(text(allowing('iam:UpdateAssumeRolePolicy')[0]?.Resource), /:role\/servapp-\*-role"/);
});

test('explicit denies: no write to a role without the boundary, no boundary removal or change', () => {
  const noUnbounded = denies.find((s) => s.Sid === 'NoRoleWithoutBoundary');
  assert.ok(boundaryArn(noUnbounded?.Condition?.StringNotEquals?.['iam:PermissionsBoundary']));
  for (const action of [
    'iam:CreateRole',
    'iam:PutRolePolicy',
    'iam:AttachRolePolicy',
    'iam:PutRolePermissionsBoundary',
  ])
    assert.ok(noUnbounded?.Action.includes(action), action);
  const remove = denies.find((s) => s.Action.includes('iam:DeleteRolePermissionsBoundary'));
  assert.ok(remove && remove.Condition === undefined && text(remove.Resource).includes(':role/*'));
});

test('explicit deny of every role write on its own role and the administration role', () => {
  const guard = denies.find((s) => s.Sid === 'NeverTouchDeployRoles');
  for (const name of [STACKSET_EXECUTION_ROLE_NAME, STACKSET_ADMINISTRATION_ROLE_NAME])
    assert.ok(text(guard?.Resource).includes(`:role/${name}"`), name);
  for (const action of [
    'iam:PutRolePolicy',
    'iam:AttachRolePolicy',
    'iam:UpdateAssumeRolePolicy',
    'iam:DeleteRolePermissionsBoundary',
  ])
    assert.ok(guard?.Action.includes(action), action);
  assert.is(guard?.Condition, undefined);
});

test('explicit deny of any edit of the boundary policy itself; no allow for managed-policy writes at all', () => {
  const guard = denies.find((s) => s.Sid === 'NeverEditBoundary');
  assert.ok(boundaryArn(guard?.Resource));
  for (const action of ['iam:CreatePolicyVersion', 'iam:DeletePolicy', 'iam:SetDefaultPolicyVersion'])
    assert.ok(guard?.Action.includes(action), action);
  const policyWrites = allows
    .flatMap((s) => s.Action)
    .filter((a) =>
      /^iam:(CreatePolicy|CreatePolicyVersion|DeletePolicy|DeletePolicyVersion|SetDefaultPolicyVersion)$/.test(
        a,
      ),
    );
  assert.equal(policyWrites, []);
});

test.run();
