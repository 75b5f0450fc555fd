import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ENV, FANOUT, FUNCTION_NAMES } from '../../src/contract';
import { functionIds, REGIONAL_IDS } from '../../src/conventions';
import { regionalTemplate } from '../../src/regional';
import { resource } from '../support/template';

const test = suite('regional stack: large files fan out over the parts queue to the worker');
const template = regionalTemplate();

type Statement = { Sid: string; Action: string[]; Resource: unknown[] };
const statements = (role: string): Statement[] =>
  resource(template, role).Properties.Policies[0].PolicyDocument.Statement;
const PARTS_QUEUE_ARN = { 'Fn::GetAtt': [REGIONAL_IDS.partsQueue, 'Arn'] };
const onPartsQueue = (role: string) =>
  statements(role).filter((s) => JSON.stringify(s.Resource).includes(JSON.stringify(PARTS_QUEUE_ARN)));
const resourcesOf = (role: string, action: string) =>
  JSON.stringify(
    statements(role)
      .filter((s) => s.Action.includes(action))
      .flatMap((s) => s.Resource),
  );

test('the parts queue is encrypted with the data key and redrives to its dead-letter queue after 3 receives', () => {
  const queue = resource(template, REGIONAL_IDS.partsQueue).Properties;
  assert.equal(queue.KmsMasterKeyId, { 'Fn::GetAtt': [REGIONAL_IDS.dataKey, 'Arn'] });
  assert.equal(queue.RedrivePolicy, {
    deadLetterTargetArn: { 'Fn::GetAtt': [REGIONAL_IDS.partsDeadLetterQueue, 'Arn'] },
    maxReceiveCount: FANOUT.maxReceiveCount,
  });
  const dlq = resource(template, REGIONAL_IDS.partsDeadLetterQueue).Properties;
  assert.equal(dlq.KmsMasterKeyId, { 'Fn::GetAtt': [REGIONAL_IDS.dataKey, 'Arn'] });
  assert.is(dlq.MessageRetentionPeriod, FANOUT.deadLetterRetentionSeconds);
  // A standard queue's dead letters keep their first-send time, so the DLQ must keep them longer.
  assert.ok(queue.MessageRetentionPeriod < dlq.MessageRetentionPeriod);
});

test('a part is never handed to a second worker mid-flight: visibility timeout = 6 x the worker timeout', () => {
  assert.is(resource(template, REGIONAL_IDS.partsQueue).Properties.VisibilityTimeout, 6 * 300);
  const shorter = regionalTemplate({ worker: { memoryMb: 2048, timeoutSeconds: 120, maxConcurrency: 50 } });
  assert.is(
    resource(shorter, REGIONAL_IDS.partsQueue).Properties.VisibilityTimeout,
    FANOUT.visibilityTimeoutFactor * 120,
  );
  assert.is(resource(shorter, functionIds('worker').function).Properties.Timeout, 120);
});

test('the worker is fed by an event source mapping: one part per invocation, partial failures, at most 100 at once', () => {
  const mapping = resource(template, REGIONAL_IDS.workerEventSourceMapping).Properties;
  assert.equal(mapping.EventSourceArn, PARTS_QUEUE_ARN);
  assert.equal(mapping.FunctionName, { Ref: functionIds('worker').function });
  assert.is(mapping.BatchSize, FANOUT.batchSize);
  assert.equal(mapping.FunctionResponseTypes, ['ReportBatchItemFailures']);
  assert.equal(mapping.ScalingConfig, { MaximumConcurrency: 100 });
  const fewer = regionalTemplate({ worker: { memoryMb: 3072, timeoutSeconds: 300, maxConcurrency: 20 } });
  assert.equal(resource(fewer, REGIONAL_IDS.workerEventSourceMapping).Properties.ScalingConfig, {
    MaximumConcurrency: 20,
  });
});

test('worker: 3 GB, 5 minutes, and as many reserved executions as the mapping may run', () => {
  const worker = resource(template, functionIds('worker').function).Properties;
  assert.is(worker.MemorySize, 3072);
  assert.is(worker.Timeout, 300);
  assert.is(worker.ReservedConcurrentExecutions, 100);
  assert.is(worker.Handler, 'index.handler');
});

test('the worker says honestly that SQS invokes it synchronously, so its async settings do not apply', () => {
  const note = String(resource(template, functionIds('worker').function).Metadata?.Note);
  assert.match(note, /synchronously through its event source mapping/);
  assert.match(note, REGIONAL_IDS.partsDeadLetterQueue);
});

test('the processor learns the parts queue by reference (its Ref is the URL); the worker does not need it', () => {
  const processor = resource(template, functionIds('processor').function).Properties.Environment.Variables;
  assert.equal(processor[ENV.partsQueueUrl], { Ref: REGIONAL_IDS.partsQueue });
  const worker = resource(template, functionIds('worker').function).Properties.Environment.Variables;
  assert.not.ok(ENV.partsQueueUrl in worker);
});

test('the processor may write parts/ objects and send part messages, and nothing else on the queue', () => {
  assert.equal(
    onPartsQueue(functionIds('processor').role).flatMap((s) => s.Action),
    ['sqs:SendMessage'],
  );
  assert.match(resourcesOf(functionIds('processor').role, 's3:PutObject'), /\/parts\/\*/);
  assert.not.match(resourcesOf(functionIds('processor').role, 's3:DeleteObject'), /parts/);
});

test('the worker may consume the parts queue, read and delete parts/, write reports/, and use the data key', () => {
  assert.equal(
    onPartsQueue(functionIds('worker').role)
      .flatMap((s) => s.Action)
      .sort(),
    ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
  );
  for (const action of ['s3:GetObject', 's3:DeleteObject']) {
    const scoped = resourcesOf(functionIds('worker').role, action);
    assert.match(scoped, /\/parts\/\*/, action);
    assert.not.match(scoped, /incoming|reports/, action);
  }
  const put = resourcesOf(functionIds('worker').role, 's3:PutObject');
  assert.match(put, /\/reports\/\*/);
  assert.not.match(put, /parts|incoming/);
  assert.match(resourcesOf(functionIds('worker').role, 'kms:GenerateDataKey'), REGIONAL_IDS.dataKey);
  assert.match(
    resourcesOf(functionIds('worker').role, 'dynamodb:BatchWriteItem'),
    REGIONAL_IDS.marketDataTable,
  );
  assert.match(resourcesOf(functionIds('worker').role, 'dynamodb:UpdateItem'), REGIONAL_IDS.jobsTable);
});

test('every function, the worker included, has a code key parameter the rollout fills', () => {
  for (const fn of FUNCTION_NAMES) {
    assert.ok(functionIds(fn).codeKeyParameter in (template.Parameters ?? {}), fn);
    assert.equal(
      resource(template, `${functionIds(fn).codeKeyParameter.replace('CodeKey', '')}Function`).Properties.Code
        .S3Key,
      {
        Ref: functionIds(fn).codeKeyParameter,
      },
    );
  }
  assert.ok(functionIds('worker').codeKeyParameter in (template.Parameters ?? {}));
});

test('worker options are checked before anything is built', () => {
  const worker = { memoryMb: 3072, timeoutSeconds: 300, maxConcurrency: 100 };
  assert.throws(
    () => regionalTemplate({ worker: { ...worker, maxConcurrency: 1 } }),
    /worker\.maxConcurrency/,
  );
  assert.throws(
    () => regionalTemplate({ worker: { ...worker, timeoutSeconds: 901 } }),
    /worker\.timeoutSeconds/,
  );
  assert.throws(() => regionalTemplate({ worker: { ...worker, memoryMb: 64 } }), /worker\.memoryMb/);
});

test.run();
