import type { StackInstanceSummary, StackSet } from '@aws-sdk/client-cloudformation';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { effectiveParameters, isNoOp, planRollout } from '../../../scripts/rollout/plan';
import { INLINE_TEMPLATE_LIMIT, templateSource } from '../../../scripts/rollout/template-source';

const test = suite('rollout decisions: create vs update vs nothing, missing instances, inline vs staged');

const template = {
  Parameters: { EnvironmentSuffix: { Type: 'String', Default: 'dev' }, Key: { Type: 'String' } },
  Resources: {},
};
const desired = {
  name: 'servapp-dev',
  template,
  parameters: { Key: 'lambda/a/1.zip' },
  administrationRoleArn: 'arn:aws:iam::111111111111:role/admin',
  executionRoleName: 'exec',
  account: '111111111111',
  regions: ['us-east-1', 'us-west-2'],
};
const existing: StackSet = {
  StackSetName: 'servapp-dev',
  TemplateBody: JSON.stringify(template, null, 2),
  Parameters: [
    { ParameterKey: 'EnvironmentSuffix', ParameterValue: 'dev' },
    { ParameterKey: 'Key', ParameterValue: 'lambda/a/1.zip' },
  ],
  AdministrationRoleARN: desired.administrationRoleArn,
  ExecutionRoleName: 'exec',
};
const instance = (
  region: string,
  status: StackInstanceSummary['Status'] = 'CURRENT',
): StackInstanceSummary => ({
  Region: region,
  Account: '111111111111',
  Status: status,
});

test('no StackSet: create it and an instance in every region', () => {
  const plan = planRollout(desired, undefined, []);
  assert.is(plan.stackSet, 'create');
  assert.equal(plan.createInstancesIn, ['us-east-1', 'us-west-2']);
});

test('same template (other formatting), same parameters (defaults reported too), all instances: no operation', () => {
  const plan = planRollout(desired, existing, [instance('us-east-1'), instance('us-west-2')]);
  assert.is(plan.stackSet, 'none');
  assert.ok(isNoOp(plan));
});

test('a changed parameter or template means an update, with the reason', () => {
  const changedParameter = planRollout({ ...desired, parameters: { Key: 'lambda/a/2.zip' } }, existing, [
    instance('us-east-1'),
    instance('us-west-2'),
  ]);
  assert.is(changedParameter.stackSet, 'update');
  assert.equal(changedParameter.reasons, ['parameter Key: lambda/a/1.zip → lambda/a/2.zip']);
  const changedTemplate = planRollout(
    { ...desired, template: { ...template, Description: 'new' } },
    existing,
    [instance('us-east-1'), instance('us-west-2')],
  );
  assert.equal(changedTemplate.reasons, ['the template changed']);
});

test('a missing region is added without updating an unchanged StackSet', () => {
  const plan = planRollout(desired, existing, [instance('us-east-1')]);
  assert.is(plan.stackSet, 'none');
  assert.equal(plan.createInstancesIn, ['us-west-2']);
  assert.not.ok(isNoOp(plan));
});

test('an instance left OUTDATED by a failed operation is updated again', () => {
  const plan = planRollout(desired, existing, [instance('us-east-1'), instance('us-west-2', 'OUTDATED')]);
  assert.is(plan.stackSet, 'update');
  assert.equal(plan.outdated, ['us-west-2']);
});

test('instances of other accounts do not count', () => {
  const plan = planRollout(desired, existing, [
    { ...instance('us-east-1'), Account: '222222222222' },
    instance('us-west-2'),
  ]);
  assert.equal(plan.createInstancesIn, ['us-east-1']);
});

test('effective parameters: template defaults, then given values', () => {
  assert.equal(effectiveParameters(template, { Key: 'k' }), { EnvironmentSuffix: 'dev', Key: 'k' });
});

test('a template that fits 51,200 bytes goes inline; a larger one is staged under its hash in the home region', () => {
  const where = {
    stackSet: 'servapp-dev',
    homeRegion: 'us-west-2',
    account: '111111111111',
    prefix: 'servapp-artifacts',
  };
  assert.equal(templateSource({ body: 'x'.repeat(INLINE_TEMPLATE_LIMIT), sha256: 'abc' }, where), {
    kind: 'inline',
    bytes: INLINE_TEMPLATE_LIMIT,
  });
  const staged = templateSource({ body: 'x'.repeat(INLINE_TEMPLATE_LIMIT + 1), sha256: 'abc' }, where);
  assert.equal(staged, {
    kind: 'staged',
    bytes: INLINE_TEMPLATE_LIMIT + 1,
    region: 'us-west-2',
    bucket: 'servapp-artifacts-111111111111-us-west-2',
    key: 'templates/servapp-dev/abc.json',
    url: 'https://servapp-artifacts-111111111111-us-west-2.s3.us-west-2.amazonaws.com/templates/servapp-dev/abc.json',
  });
});

test.run();
