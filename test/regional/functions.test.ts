import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FUNCTION_ENV, FUNCTION_NAMES } from '../../src/contract';
import { functionIds, REGIONAL_IDS } from '../../src/conventions';
import { regionalTemplate } from '../../src/regional';
import { referencedIds, resource, resourcesOfType } from '../support/template';

const test = suite('regional stack: Lambda functions');
const template = regionalTemplate();
const functions = resourcesOfType(template, 'AWS::Lambda::Function');
const id = (fn: string) => `${fn.charAt(0).toUpperCase()}${fn.slice(1)}`;

test('there are five functions: upload, processor, status, results and the part worker', () => {
  assert.equal(functions.map(([logicalId]) => logicalId).sort(), [
    functionIds('processor').function,
    functionIds('results').function,
    functionIds('status').function,
    functionIds('upload').function,
    functionIds('worker').function,
  ]);
});

test('every function runs the newest Node.js runtime (nodejs24.x) from a bundle in the artifact bucket', () => {
  for (const [, fn] of functions) {
    assert.is(fn.Properties.Runtime, 'nodejs24.x');
    assert.is(fn.Properties.Handler, 'index.handler');
    assert.equal(fn.Properties.Code.S3Bucket, {
      'Fn::Sub': '${ArtifactBucketPrefix}-${AWS::AccountId}-${AWS::Region}',
    });
    assert.ok(fn.Properties.Code.S3Key.Ref.endsWith('CodeKey'));
  }
});

test('processor: 3 GB memory, 5 minute timeout, 100 reserved concurrent executions', () => {
  const processor = resource(template, functionIds('processor').function).Properties;
  assert.is(processor.MemorySize, 3072);
  assert.is(processor.Timeout, 300);
  assert.is(processor.ReservedConcurrentExecutions, 100);
});

test('API functions time out after 15 s', () => {
  for (const fn of ['upload', 'status', 'results']) {
    assert.is(resource(template, `${id(fn)}Function`).Properties.Timeout, 15, fn);
  }
});

test('X-Ray active tracing and structured JSON logging on every function', () => {
  for (const [logicalId, fn] of functions) {
    assert.equal(fn.Properties.TracingConfig, { Mode: 'Active' }, logicalId);
    assert.is(fn.Properties.LoggingConfig.LogFormat, 'JSON', logicalId);
    assert.equal(fn.Properties.LoggingConfig.LogGroup, { Ref: logicalId.replace('Function', 'LogGroup') });
  }
});

test('every function has a dead-letter queue and at most 2 async retries with an on-failure queue', () => {
  for (const fn of FUNCTION_NAMES) {
    const lambda = resource(template, `${id(fn)}Function`).Properties;
    assert.equal(lambda.DeadLetterConfig.TargetArn, { 'Fn::GetAtt': [`${id(fn)}DeadLetterQueue`, 'Arn'] });
    const config = resource(template, `${id(fn)}EventInvokeConfig`).Properties;
    assert.equal(config.FunctionName, { Ref: `${id(fn)}Function` });
    assert.is(config.MaximumRetryAttempts, 2);
    assert.equal(config.DestinationConfig.OnFailure.Destination, {
      'Fn::GetAtt': [REGIONAL_IDS.failedInvocationsQueue, 'Arn'],
    });
  }
});

test('the API functions say that async retries do not apply to synchronous API invocations', () => {
  for (const fn of ['upload', 'status', 'results']) {
    assert.match(String(resource(template, `${id(fn)}Function`).Metadata?.Note), /synchronously/);
  }
});

test('environment variables: each function gets exactly the names the contract lists', () => {
  for (const fn of FUNCTION_NAMES) {
    const variables = resource(template, `${id(fn)}Function`).Properties.Environment.Variables;
    assert.equal(Object.keys(variables).sort(), [...FUNCTION_ENV[fn]].sort(), fn);
  }
});

test('table and bucket names reach the functions by reference, not hard-coded', () => {
  const variables = resource(template, functionIds('processor').function).Properties.Environment.Variables;
  assert.equal(variables.MARKET_DATA_TABLE, { Ref: REGIONAL_IDS.marketDataTable });
  assert.equal(variables.JOBS_TABLE, { Ref: REGIONAL_IDS.jobsTable });
  assert.ok(referencedIds(variables.UPLOAD_BUCKET).has('EnvironmentSuffix'));
});

test('every log group keeps 7 days and is encrypted with the data key', () => {
  const groups = resourcesOfType(template, 'AWS::Logs::LogGroup');
  assert.is(groups.length, 6);
  for (const [logicalId, group] of groups) {
    assert.is(group.Properties.RetentionInDays, 7, logicalId);
    assert.equal(group.Properties.KmsKeyId, { 'Fn::GetAtt': [REGIONAL_IDS.dataKey, 'Arn'] });
  }
});

test('environment variables are encrypted with the customer-managed key', () => {
  for (const [logicalId, fn] of functions) {
    assert.equal(fn.Properties.KmsKeyArn, { 'Fn::GetAtt': [REGIONAL_IDS.dataKey, 'Arn'] }, logicalId);
  }
});

test('every function has a concurrency cap (API functions 100 each by default)', () => {
  for (const fn of ['upload', 'status', 'results']) {
    assert.is(resource(template, `${id(fn)}Function`).Properties.ReservedConcurrentExecutions, 100, fn);
  }
});

test('the VPC exception is recorded on each function with its reason', () => {
  for (const [logicalId, fn] of functions) {
    const skips =
      (fn.Metadata?.checkov as { skip: { id: string; comment: string }[] } | undefined)?.skip ?? [];
    assert.equal(
      skips.map((s) => s.id),
      ['CKV_AWS_117'],
      logicalId,
    );
  }
});

test('one role per function, none shared', () => {
  const roles = functions.map(([, fn]) => fn.Properties.Role['Fn::GetAtt'][0]);
  assert.is(new Set(roles).size, 5);
});

test('least privilege: no wildcard actions; Resource "*" only for X-Ray', () => {
  for (const [logicalId, role] of resourcesOfType(template, 'AWS::IAM::Role')) {
    for (const policy of role.Properties.Policies ?? []) {
      for (const statement of policy.PolicyDocument.Statement) {
        for (const action of statement.Action) assert.not.match(action, /\*/, `${logicalId}: ${action}`);
        if (statement.Resource === '*') {
          assert.ok(
            statement.Action.every((a: string) => a.startsWith('xray:')),
            `${logicalId}: ${statement.Sid}`,
          );
        }
      }
    }
  }
});

test('least privilege: each function may touch only its own tables and prefixes', () => {
  const actions = (fn: string) =>
    resource(template, `${id(fn)}Role`)
      .Properties.Policies[0].PolicyDocument.Statement.flatMap((s: { Action: string[] }) => s.Action)
      .filter((a: string) => a.startsWith('dynamodb:') || a.startsWith('s3:'))
      .sort();
  assert.equal(actions('upload'), ['dynamodb:PutItem', 's3:PutObject']);
  assert.equal(actions('processor'), [
    'dynamodb:BatchWriteItem',
    'dynamodb:GetItem',
    'dynamodb:UpdateItem',
    's3:GetObject',
    's3:PutObject',
    's3:PutObject',
  ]);
  assert.equal(actions('worker'), [
    'dynamodb:BatchWriteItem',
    'dynamodb:GetItem',
    'dynamodb:UpdateItem',
    's3:DeleteObject',
    's3:GetObject',
    's3:PutObject',
  ]);
  assert.equal(actions('status'), ['dynamodb:GetItem']);
  assert.equal(actions('results'), ['dynamodb:Query']);
});

test.run();
