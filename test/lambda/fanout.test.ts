import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DocumentClient } from '../../lambda-src/shared/clients';
import { partKey } from '../../src/contract';
import { deliver, uploadThroughApi } from '../support/api';
import { testEnvironment } from '../support/environment';
import {
  deadLetters,
  drainParts,
  fanOutCsv,
  fanOutProcessor,
  fanOutQueues,
  queueDepth,
  storedCount,
  storedPrice,
  worker,
} from '../support/fanout';
import { withBatchWriteFaults } from '../support/faulty-document-client';
import { withoutLogs } from '../support/quiet-logs';

/** About 40 bytes a row: 16 KiB parts hold ~400 rows, so a 3,000-row file makes 7-8 parts. */
const PART_BYTES = 16 * 1024;

test.before(async () => {
  await testEnvironment();
});

test('a file larger than one part is split, every row stored once, and the job counts each part once', async () => {
  const queues = await fanOutQueues();
  const { lines, symbols } = fanOutCsv(3000, 'FANA', 7);
  const file = await uploadThroughApi(`${lines.join('\n')}\n`, 'fan.csv');
  const planned = await deliver([file.key], await fanOutProcessor(queues, PART_BYTES));
  const plan = planned.uploads[0];
  assert.is(plan?.result, 'planned');
  const { statuses } = await drainParts(queues, [file.jobId], await worker());
  const status = statuses[0];
  assert.ok(status);
  assert.ok(status.partsTotal > 1, `partsTotal ${status.partsTotal}`);
  assert.equal(
    [
      status.status,
      status.rowsTotal,
      status.rowsStored,
      status.rowsSoFar,
      status.partsDone,
      status.partsFailed,
    ],
    ['COMPLETED', 3000, 3000, 3000, status.partsTotal, 0],
  );
  assert.is(await storedCount(symbols), 3000);
  assert.is(await queueDepth(queues.sqs, queues.queueUrl), 0);
  // Each worker deletes its part once it is counted: nothing is left under parts/.
  const env = await testEnvironment();
  const left = await env.s3.send(
    new ListObjectsV2Command({ Bucket: env.bucket, Prefix: `parts/${file.jobId}/` }),
  );
  assert.is(left.KeyCount ?? 0, 0);
});

test('a key repeated far apart resolves to the later row, and rejected rows keep the file line numbers, also after a multi-line quoted field', async () => {
  const queues = await fanOutQueues();
  const { lines, symbols } = fanOutCsv(3000, 'FANB', 5);
  const header = 'symbol,timestamp,price,volume,note';
  const body = lines.slice(1).map((line) => `${line},`);
  // Line numbers below are the file's: line 1 is the header, data row i is on line i + 2 until the
  // quoted note, which spans 3 lines, pushes every later row down by 2.
  body[10] = `${body[10]?.slice(0, -1)},"first\nsecond\nthird"`;
  body[1500] = 'FANB0,not-a-time,1.5,1,';
  body[2998] = 'FANB0,2024-01-01T00:00:00.000Z,777.25,1,';
  const file = await uploadThroughApi(`${header}\n${body.join('\n')}\n`, 'dup.csv');
  await deliver([file.key], await fanOutProcessor(queues, PART_BYTES));
  const { statuses } = await drainParts(queues, [file.jobId], await worker());
  const status = statuses[0];
  assert.ok(status);
  assert.ok(status.partsTotal > 1);
  assert.is(status.status, 'COMPLETED_WITH_ERRORS');
  assert.equal([status.rowsTotal, status.rowsRejected, status.rowsDuplicate], [3000, 1, 1]);
  assert.equal(
    status.errors.map((error) => error.line),
    [1500 + 2 + 2],
  );
  // 3000 rows: one rejected, and the last repeats the first row's key (replaced, not added).
  assert.is(status.rowsStored, 2998);
  assert.is(await storedCount(symbols), 2998);
  assert.is(await storedPrice('FANB0', '2024-01-01T00:00:00.000Z'), '777.25');
});

test('a redelivered part message is not counted twice', async () => {
  const queues = await fanOutQueues();
  // Every SendMessageBatch goes out twice: each part arrives as two messages.
  const twice: Pick<SQSClient, 'send'> = {
    send: (async (command: SendMessageBatchCommand) => {
      await queues.sqs.send(command);
      return queues.sqs.send(new SendMessageBatchCommand(command.input));
    }) as SQSClient['send'],
  };
  const { lines, symbols } = fanOutCsv(2000, 'FANC', 5);
  const file = await uploadThroughApi(`${lines.join('\n')}\n`, 'redelivered.csv');
  await deliver([file.key], await fanOutProcessor(queues, PART_BYTES, twice));
  const metricLines: string[] = [];
  const { statuses } = await drainParts(
    queues,
    [file.jobId],
    await worker(undefined, (line) => metricLines.push(line)),
  );
  const status = statuses[0];
  assert.ok(status);
  assert.equal(
    [status.status, status.rowsStored, status.rowsSoFar, status.partsDone],
    ['COMPLETED', 2000, 2000, status.partsTotal],
  );
  assert.is(await storedCount(symbols), 2000);
  // The rows-stored metric is emitted once per part too, and the job latency once per job.
  const metrics = metricLines.map((line) => JSON.parse(line) as Record<string, number>);
  assert.is(
    metrics.reduce((sum, metric) => sum + (metric.RowsStored ?? 0), 0),
    2000,
  );
  assert.is(metrics.filter((metric) => metric.JobLatency !== undefined).length, 1);
  // The duplicates were acknowledged, not left to the dead-letter queue.
  assert.is(await queueDepth(queues.sqs, queues.deadLetterQueueUrl), 0);
});

test('30% of the writes throttled or handed back: the worker retries them and nothing is lost or doubled', async () => {
  const queues = await fanOutQueues();
  const env = await testEnvironment();
  const faulty = withBatchWriteFaults(env.documentClient as DocumentClient, {
    throttleEvery: 3,
    halfWriteEvery: 7,
  });
  const { lines, symbols } = fanOutCsv(2500, 'FAND', 5);
  const file = await uploadThroughApi(`${lines.join('\n')}\n`, 'throttled.csv');
  await deliver([file.key], await fanOutProcessor(queues, PART_BYTES));
  const { statuses } = await drainParts(queues, [file.jobId], await worker(faulty.client));
  assert.ok(faulty.counts.throttled + faulty.counts.halfWritten >= 0.3 * faulty.counts.batchWrites);
  assert.equal([statuses[0]?.status, statuses[0]?.rowsStored], ['COMPLETED', 2500]);
  assert.is(await storedCount(symbols), 2500);
});

test('a worker killed in the middle of a part: the part comes back after the visibility timeout and is stored once', async () => {
  const queues = await fanOutQueues();
  const env = await testEnvironment();
  let writes = 0;
  let killed = false;
  // The first invocation stops answering after 3 writes, as a process killed mid-part would.
  const dying: DocumentClient = {
    send: ((command: Parameters<DocumentClient['send']>[0]) => {
      if ((command as { input?: { RequestItems?: unknown } }).input?.RequestItems !== undefined && !killed) {
        writes++;
        if (writes > 3) {
          killed = true;
          return new Promise(() => {});
        }
      }
      return env.documentClient.send(command as never);
    }) as DocumentClient['send'],
  };
  const healthy = await worker();
  const first = await worker(dying);
  let invocations = 0;
  const invoke = (event: Parameters<typeof healthy>[0]) =>
    invocations++ === 0 ? first(event) : healthy(event);
  const { lines, symbols } = fanOutCsv(2000, 'FANE', 5);
  const file = await uploadThroughApi(`${lines.join('\n')}\n`, 'killed.csv');
  await deliver([file.key], await fanOutProcessor(queues, PART_BYTES));
  const { statuses, stats } = await drainParts(queues, [file.jobId], invoke, { invocationTimeoutMs: 2000 });
  assert.ok(killed);
  assert.is(stats.timedOut, 1);
  const status = statuses[0];
  assert.equal(
    [status?.status, status?.rowsStored, status?.partsDone, status?.partsFailed],
    ['COMPLETED', 2000, status?.partsTotal, 0],
  );
  assert.is(await storedCount(symbols), 2000);
});

test('a poison part goes to the dead-letter queue and the job ends FAILED naming the part and the rows stored', async () => {
  const queues = await fanOutQueues();
  const env = await testEnvironment();
  const { lines, symbols } = fanOutCsv(2000, 'FANF', 5);
  const file = await uploadThroughApi(`${lines.join('\n')}\n`, 'poison.csv');
  await deliver([file.key], await fanOutProcessor(queues, PART_BYTES));
  // Part 1 is a run of chunk objects; a bad first chunk fails the whole part.
  const chunks = await env.s3.send(
    new ListObjectsV2Command({ Bucket: env.bucket, Prefix: `${partKey(file.jobId, 1)}/` }),
  );
  const chunkKeys = (chunks.Contents ?? []).map((entry) => entry.Key ?? '');
  let poisonedRows = 0;
  for (const key of chunkKeys) {
    const original = await env.s3.send(new GetObjectCommand({ Bucket: env.bucket, Key: key }));
    poisonedRows += ((await original.Body?.transformToString()) ?? '').trim().split('\n').length - 1;
  }
  await env.s3.send(new PutObjectCommand({ Bucket: env.bucket, Key: chunkKeys[0], Body: 'not a part\n' }));
  const invoke = await worker();
  const { statuses } = await withoutLogs(() =>
    drainParts(queues, [file.jobId], invoke, { timeoutMs: 90_000 }),
  );
  const status = statuses[0];
  assert.ok(status);
  assert.equal([status.status, status.partsFailed, status.partsDone], ['FAILED', 1, status.partsTotal - 1]);
  assert.match(status.failureReason ?? '', `part 1 of ${status.partsTotal} failed`);
  assert.match(status.failureReason ?? '', `stored ${2000 - poisonedRows} rows`);
  assert.is(status.rowsStored, 2000 - poisonedRows);
  assert.is(await storedCount(symbols), 2000 - poisonedRows);
  const dead = await deadLetters(queues, 1);
  assert.equal(
    dead.map((message) => JSON.parse(message.Body ?? '{}').part),
    [1],
  );
});

test('two uploads of the same file at once both complete with the same rows, stored once', async () => {
  const queues = await fanOutQueues();
  const { lines, symbols } = fanOutCsv(2500, 'FANG', 5);
  lines.push('FANG0,2024-01-01T00:00:00.000Z,555.5,1');
  const content = `${lines.join('\n')}\n`;
  const [a, b] = await Promise.all([
    uploadThroughApi(content, 'same-a.csv'),
    uploadThroughApi(content, 'same-b.csv'),
  ]);
  const processor = await fanOutProcessor(queues, PART_BYTES);
  await Promise.all([deliver([a.key], processor), deliver([b.key], processor)]);
  const { statuses } = await drainParts(queues, [a.jobId, b.jobId], await worker(), { maxConcurrency: 6 });
  for (const status of statuses)
    assert.equal([status.status, status.rowsStored, status.rowsDuplicate], ['COMPLETED', 2500, 1]);
  assert.is(await storedCount(symbols), 2500);
  assert.is(await storedPrice('FANG0', '2024-01-01T00:00:00.000Z'), '555.5');
});

test.run();
