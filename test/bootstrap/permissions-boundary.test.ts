import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bootstrapTemplate } from '../../src/bootstrap';
import { PERMISSIONS_BOUNDARY_POLICY_NAME } from '../../src/conventions';
import type { Statement } from '../../src/core/iam';
import { regionalTemplate } from '../../src/regional';
import { resource, resourcesOfType } from '../support/template';

const test = suite('permissions boundary: the ceiling of every regional role');
const boundary = resource(bootstrapTemplate(), 'PermissionsBoundary');
const statements: Statement[] = boundary.Properties.PolicyDocument.Statement;
const allowed = new Set(statements.flatMap((s) => s.Action));

test('a customer-managed policy with the conventional name, created once per account with the StackSet roles', () => {
  assert.is(boundary.Type, 'AWS::IAM::ManagedPolicy');
  assert.is(boundary.Properties.ManagedPolicyName, PERMISSIONS_BOUNDARY_POLICY_NAME);
  assert.is(boundary.Condition, 'CreateAccountResourcesHere');
});

test('it only allows, and never IAM, STS or key administration', () => {
  for (const s of statements) assert.is(s.Effect, 'Allow', s.Sid);
  for (const action of allowed) assert.not.match(action, /^(iam|sts|organizations):/);
  for (const action of ['kms:PutKeyPolicy', 'kms:CreateGrant', 'kms:ScheduleKeyDeletion'])
    assert.not.ok(allowed.has(action), action);
});

test('scoped resources are servapp-* (or what API Gateway names itself); "*" only for unscopable actions', () => {
  for (const s of statements) {
    const resources = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
    for (const r of resources) {
      if (r === '*') {
        assert.ok(
          s.Action.every((a) =>
            ['logs:DescribeLogGroups', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'].includes(a),
          ),
          s.Sid,
        );
        continue;
      }
      const arn = JSON.stringify(r);
      assert.ok(/servapp-\*|API-Gateway-Execution-Logs_\*|:key\/\*/.test(arn), `${s.Sid}: ${arn}`);
    }
  }
});

test('every action a regional role is granted lies inside the boundary (including the SQS fan-out actions)', () => {
  const template = regionalTemplate();
  for (const [id, role] of resourcesOfType(template, 'AWS::IAM::Role')) {
    for (const policy of role.Properties.Policies ?? []) {
      for (const s of policy.PolicyDocument.Statement as Statement[])
        for (const action of s.Action) assert.ok(allowed.has(action), `${id} is granted ${action}`);
    }
  }
  for (const action of [
    'sqs:ReceiveMessage',
    'sqs:DeleteMessage',
    'sqs:GetQueueAttributes',
    'sqs:SendMessage',
  ])
    assert.ok(allowed.has(action), action);
  const queues = statements.find((s) => s.Action.includes('sqs:ReceiveMessage'));
  assert.match(JSON.stringify(queues?.Resource), /:sqs:\*:\$\{AWS::AccountId\}:servapp-\*/);
});

test.run();
