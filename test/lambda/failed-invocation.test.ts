/**
 * A processor that dies on its last attempt (out of memory, out of time) runs no `catch`: Lambda
 * writes the failed event to the on-failure destination, and the processor, fed that queue, ends the
 * job FAILED with the counts the planner had recorded and a reason a user can act on. The death is
 * a planner whose upload stops arriving mid-file, its invocation abandoned; the record is the one
 * Lambda writes.
 */
import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SqsEvent } from '../../lambda-src/shared/events';
import { deliver, jobStatus, uploadThroughApi } from '../support/api';
import { loadBundle } from '../support/bundles';
import { testEnvironment } from '../support/environment';
import { lambdaContext, s3Event } from '../support/events';
import { fanOutCsv, fanOutProcessor, fanOutQueues } from '../support/fanout';

test.before(async () => {
  await testEnvironment();
});

/** An S3 client whose uploads (`incoming/`) stop arriving after `bytes`: the reader waits for ever. */
function stallingS3(inner: S3Client, bytes: number): S3Client {
  const send = async (command: { input?: { Key?: string; Body?: unknown } }) => {
    const answer = (await inner.send(command as never)) as { Body?: AsyncIterable<Uint8Array> };
    const key = command.input?.Key ?? '';
    if (!key.startsWith('incoming/') || 'Body' in (command.input ?? {}) || answer.Body === undefined)
      return answer;
    // Read whole first, so that no connection is left open by the reader that stalls.
    const whole: Uint8Array[] = [];
    for await (const chunk of answer.Body) whole.push(chunk);
    const bytesOf = Buffer.concat(whole);
    async function* stalling(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < bytesOf.length; at += 1024) {
        if (at >= bytes) await new Promise(() => {});
        yield bytesOf.subarray(at, at + 1024);
      }
    }
    return { ...answer, Body: stalling() };
  };
  return { send } as unknown as S3Client;
}

function destinationRecord(bucket: string, key: string, errorType: string, errorMessage: string): SqsEvent {
  const body = {
    version: '1.0',
    timestamp: new Date().toISOString(),
    requestContext: {
      requestId: randomUUID(),
      functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:servapp-processor:$LATEST',
      condition: 'RetriesExhausted',
      approximateInvokeCount: 3,
    },
    requestPayload: s3Event(bucket, [key]),
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorType, errorMessage },
  };
  return {
    Records: [
      {
        messageId: randomUUID(),
        body: JSON.stringify(body),
        attributes: { ApproximateReceiveCount: '1' },
        eventSource: 'aws:sqs',
      },
    ],
  };
}

test('a planner that dies of out-of-memory on its last attempt still ends its job, with the counts it reached', async () => {
  const env = await testEnvironment();
  const queues = await fanOutQueues();
  const rows = 4_000;
  const { lines } = fanOutCsv(rows, 'DEADA', 5);
  const content = `${lines.join('\n')}\n`;
  const file = await uploadThroughApi(content, 'dies.csv');
  const dying = await fanOutProcessor(queues, 16 * 1024, queues.sqs, 16 * 1024, {
    s3: stallingS3(env.s3, Math.floor(content.length / 2)),
    progressEveryBytes: 8 * 1024,
  });
  // The invocation never returns: as far as the job can tell, the process is gone.
  void deliver([file.key], dying);
  let status = await jobStatus(file.jobId);
  for (let wait = 0; status.rowsTotal === 0 && wait < 200; wait++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    status = await jobStatus(file.jobId);
  }
  assert.is(status.status, 'PROCESSING');
  assert.ok(status.rowsTotal > 0, 'the planner recorded its progress');

  const { handler } = await loadBundle('processor');
  const record = destinationRecord(
    env.bucket,
    file.key,
    'Runtime.OutOfMemory',
    'RequestId: 1 Error: Runtime exited with error: signal: killed',
  );
  const result = await handler(record, lambdaContext());
  assert.equal(result.jobsEnded, [file.jobId]);
  const ended = await jobStatus(file.jobId);
  assert.is(ended.status, 'FAILED');
  assert.ok(ended.rowsTotal > 0 && ended.rowsTotal < rows, `rowsTotal ${ended.rowsTotal}`);
  assert.match(ended.failureReason ?? '', 'processing failed on each of 3 attempts (Runtime.OutOfMemory');
  assert.match(ended.failureReason ?? '', /after reading \d+ of \d+ bytes \(\d+ rows\)/);
  assert.match(ended.failureReason ?? '', 'split it into smaller files');
  assert.match(ended.failureReason ?? '', /quote correlation id [0-9a-f-]{36}/);

  // Lambda delivers destination records at least once: a second one changes nothing.
  const again = await handler(record, lambdaContext());
  assert.equal(again.jobsEnded, []);
  assert.equal(await jobStatus(file.jobId), ended);
});

test('an event that expired before any attempt ends its PENDING job with the condition as its cause', async () => {
  const env = await testEnvironment();
  const file = await uploadThroughApi('symbol,timestamp,price,volume\nDEADB,2024-01-01T00:00:00Z,1,1\n');
  const record = destinationRecord(env.bucket, file.key, '', '');
  const body = JSON.parse(record.Records[0]?.body ?? '{}');
  body.requestContext.condition = 'EventAgeExceeded';
  body.requestContext.approximateInvokeCount = 0;
  delete body.responsePayload;
  const { handler } = await loadBundle('processor');
  await handler(
    { Records: [{ ...(record.Records[0] as SqsEvent['Records'][number]), body: JSON.stringify(body) }] },
    lambdaContext(),
  );
  const status = await jobStatus(file.jobId);
  assert.is(status.status, 'FAILED');
  assert.match(status.failureReason ?? '', '(EventAgeExceeded)');
  // A late S3 delivery finds the job final and leaves it.
  const late = await deliver([file.key]);
  assert.is(late.uploads[0]?.result, 'skipped');
});

test.run();
