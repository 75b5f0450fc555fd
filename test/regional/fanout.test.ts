import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { codeKeyParameter } from '../../scripts/rollout/parameters';
import { ENV, FANOUT, FUNCTION_NAMES } from '../../src/contract';
import { regionalTemplate } from '../../src/regional';
import { resource } from '../support/template';

const test = suite('regional stack: large files fan out over the parts queue to the worker');
const template = regionalTemplate();

type Statement = { Sid: string; Action: string[]; Resource: unknown[] };
const statements = (role: string): Statement[] =>
  resource(template, role).Properties.Policies[0].PolicyDocument.Statement;
const PARTS_QUEUE_ARN = { 'Fn::GetAtt': ['PartsQueue', 'Arn'] };
const onPartsQueue = (role: string) =>
  statements(role).filter((s) => JSON.stringify(s.Resource).includes(JSON.stringify(PARTS_QUEUE_ARN)));
const resourcesOf = (role: string, action: string) =>
  JSON.stringify(
    statements(role)
      .filter((s) => s.Action.includes(action))
      .flatMap((s) => s.Resource),
  );

test('the parts queue is encrypted with the data key and redrives to its dead-letter queue after 3 receives', () => {
  const queue = resource(template, 'PartsQueue').Properties;
  assert.equal(queue.KmsMasterKeyId, { 'Fn::GetAtt': ['DataKey', 'Arn'] });
  assert.equal(queue.RedrivePolicy, {
    deadLetterTargetArn: { 'Fn::GetAtt': ['PartsDeadLetterQueue', 'Arn'] },
    maxReceiveCount: FANOUT.maxReceiveCount,
  });
  const dlq = resource(template, 'PartsDeadLetterQueue').Properties;
  assert.equal(dlq.KmsMasterKeyId, { 'Fn::GetAtt': ['DataKey', 'Arn'] });
  assert.is(dlq.MessageRetentionPeriod, FANOUT.deadLetterRetentionSeconds);
  // A standard queue's dead letters keep their first-send time, so the DLQ must keep them longer.
  assert.ok(queue.MessageRetentionPeriod < dlq.MessageRetentionPeriod);
});

test('a part is never handed to a second worker mid-flight: visibility timeout = 6 x the worker timeout', () => {
  assert.is(resource(template, 'PartsQueue').Properties.VisibilityTimeout, 6 * 300);
  const shorter = regionalTemplate({ worker: { memoryMb: 2048, timeoutSeconds: 120, maxConcurrency: 50 } });
  assert.is(
    resource(shorter, 'PartsQueue').Properties.VisibilityTimeout,
    FANOUT.visibilityTimeoutFactor * 120,
  );
  assert.is(resource(shorter, 'WorkerFunction').Properties.Timeout, 120);
});

test('the worker is fed by an event source mapping: one part per invocation, partial failures, at most 100 at once', () => {
  const mapping = resource(template, 'WorkerEventSourceMapping').Properties;
  assert.equal(mapping.EventSourceArn, PARTS_QUEUE_ARN);
  assert.equal(mapping.FunctionName, { Ref: 'WorkerFunction' });
  assert.is(mapping.BatchSize, FANOUT.batchSize);
  assert.equal(mapping.FunctionResponseTypes, ['ReportBatchItemFailures']);
  assert.equal(mapping.ScalingConfig, { MaximumConcurrency: 100 });
  const fewer = regionalTemplate({ worker: { memoryMb: 3072, timeoutSeconds: 300, maxConcurrency: 20 } });
  assert.equal(resource(fewer, 'WorkerEventSourceMapping').Properties.ScalingConfig, {
    MaximumConcurrency: 20,
  });
});

test('worker: 3 GB, 5 minutes, and as many reserved executions as the mapping may run', () => {
  const worker = resource(template, 'WorkerFunction').Properties;
  assert.is(worker.MemorySize, 3072);
  assert.is(worker.Timeout, 300);
  assert.is(worker.ReservedConcurrentExecutions, 100);
  assert.is(worker.Handler, 'index.handler');
});

test('the worker says honestly that SQS invokes it synchronously, so its async settings do not apply', () => {
  const note = String(resource(template, 'WorkerFunction').Metadata?.Note);
  assert.match(note, /synchronously through its event source mapping/);
  assert.match(note, /PartsDeadLetterQueue/);
});

test('the processor and the worker (to hand on a part past its time budget) learn the parts queue by reference', () => {
  const processor = resource(template, 'ProcessorFunction').Properties.Environment.Variables;
  assert.equal(processor[ENV.partsQueueUrl], { Ref: 'PartsQueue' });
  const worker = resource(template, 'WorkerFunction').Properties.Environment.Variables;
  assert.equal(worker[ENV.partsQueueUrl], { Ref: 'PartsQueue' });
});

test('the processor may write and remove parts/ objects and send part messages, and nothing else on the queue', () => {
  assert.equal(
    onPartsQueue('ProcessorRole').flatMap((s) => s.Action),
    ['sqs:SendMessage'],
  );
  assert.match(resourcesOf('ProcessorRole', 's3:PutObject'), /\/parts\/\*/);
  // A refused file's chunks are removed at once.
  const removable = resourcesOf('ProcessorRole', 's3:DeleteObject');
  assert.match(removable, /\/parts\/\*/);
  assert.not.match(removable, /incoming|reports/);
});

test('the processor consumes its own on-failure destination, one record at a time', () => {
  const mapping = resource(template, 'FailedInvocationsEventSourceMapping').Properties;
  assert.equal(mapping.EventSourceArn, { 'Fn::GetAtt': ['FailedInvocationsQueue', 'Arn'] });
  assert.equal(mapping.FunctionName, { Ref: 'ProcessorFunction' });
  assert.is(mapping.BatchSize, 1);
  assert.match(resourcesOf('ProcessorRole', 'sqs:ReceiveMessage'), /FailedInvocationsQueue/);
});

test('the worker may consume the parts queue, hand parts on, read and delete parts/, write reports/, and use the data key', () => {
  assert.equal(
    onPartsQueue('WorkerRole')
      .flatMap((s) => s.Action)
      .sort(),
    [
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
      'sqs:SendMessage',
    ],
  );
  for (const action of ['s3:GetObject', 's3:DeleteObject']) {
    const scoped = resourcesOf('WorkerRole', action);
    assert.match(scoped, /\/parts\/\*/, action);
    assert.not.match(scoped, /incoming|reports/, action);
  }
  const put = resourcesOf('WorkerRole', 's3:PutObject');
  assert.match(put, /\/reports\/\*/);
  assert.not.match(put, /parts|incoming/);
  assert.match(resourcesOf('WorkerRole', 'kms:GenerateDataKey'), /DataKey/);
  assert.match(resourcesOf('WorkerRole', 'dynamodb:BatchWriteItem'), /MarketDataTable/);
  assert.match(resourcesOf('WorkerRole', 'dynamodb:UpdateItem'), /JobsTable/);
});

test('every function, the worker included, has a code key parameter the rollout fills', () => {
  for (const fn of FUNCTION_NAMES) {
    assert.ok(codeKeyParameter(fn) in (template.Parameters ?? {}), fn);
    assert.equal(
      resource(template, `${codeKeyParameter(fn).replace('CodeKey', '')}Function`).Properties.Code.S3Key,
      {
        Ref: codeKeyParameter(fn),
      },
    );
  }
  assert.ok('WorkerCodeKey' in (template.Parameters ?? {}));
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
