/**
 * The local poller behaves like Lambda's SQS event source mapping, against ElasticMQ: batches of the
 * configured size, never more invocations at once than the maximum concurrency, only the reported
 * failures come back (after the visibility timeout), and a message past maxReceiveCount lands in
 * the dead-letter queue through the queue's own redrive policy.
 */
import { ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { SqsBatchResponse, SqsEvent } from '../../../lambda-src/shared/events';
import { PartsPoller } from '../../../scripts/local/parts-poller';
import { FANOUT } from '../../../src/contract';
import { deadLetters, fanOutQueues, queueDepth } from '../../support/fanout';

async function send(
  queueUrl: string,
  sqs: Awaited<ReturnType<typeof fanOutQueues>>['sqs'],
  bodies: string[],
) {
  for (let start = 0; start < bodies.length; start += 10)
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: bodies
          .slice(start, start + 10)
          .map((body, index) => ({ Id: String(index), MessageBody: body })),
      }),
    );
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('batches of the configured size, at most the maximum concurrency, every message deleted once handled', async () => {
  const queues = await fanOutQueues();
  await send(
    queues.queueUrl,
    queues.sqs,
    Array.from({ length: 24 }, (_, i) => `m${i}`),
  );
  let running = 0;
  let peak = 0;
  const seen: string[] = [];
  const batchSizes: number[] = [];
  const invoke = async (event: SqsEvent): Promise<SqsBatchResponse> => {
    running++;
    peak = Math.max(peak, running);
    batchSizes.push(event.Records.length);
    seen.push(...event.Records.map((record) => record.body));
    await new Promise((resolve) => setTimeout(resolve, 150));
    running--;
    return { batchItemFailures: [] };
  };
  const poller = new PartsPoller(queues.sqs, queues.queueUrl, invoke, {
    batchSize: 2,
    maxConcurrency: 3,
    timeoutMs: 5000,
  });
  poller.start();
  await until(() => seen.length >= 24, 20_000);
  await poller.stop();
  assert.ok(peak <= 3 && peak >= 2, `peak concurrency ${peak}`);
  assert.ok(
    batchSizes.every((size) => size >= 1 && size <= 2),
    String(batchSizes),
  );
  assert.equal([...seen].sort(), Array.from({ length: 24 }, (_, i) => `m${i}`).sort());
  assert.is(poller.stats.deleted, 24);
  assert.is(await queueDepth(queues.sqs, queues.queueUrl), 0);
});

test('a reported failure comes back with a higher receive count and, past maxReceiveCount, goes to the dead-letter queue', async () => {
  const queues = await fanOutQueues();
  await send(queues.queueUrl, queues.sqs, ['good', 'poison']);
  const receives: Record<string, number[]> = { good: [], poison: [] };
  const invoke = async (event: SqsEvent): Promise<SqsBatchResponse> => {
    const failures: SqsBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      receives[record.body]?.push(Number(record.attributes.ApproximateReceiveCount));
      if (record.body === 'poison') failures.push({ itemIdentifier: record.messageId });
    }
    return { batchItemFailures: failures };
  };
  const poller = new PartsPoller(queues.sqs, queues.queueUrl, invoke, {
    batchSize: 1,
    maxConcurrency: 2,
    timeoutMs: 5000,
  });
  poller.start();
  await until(() => (receives.poison?.length ?? 0) >= FANOUT.maxReceiveCount, 60_000);
  await poller.stop();
  assert.equal(receives.good, [1]);
  assert.equal(
    receives.poison,
    Array.from({ length: FANOUT.maxReceiveCount }, (_, i) => i + 1),
  );
  const dead = await deadLetters(queues, 1);
  assert.equal(
    dead.map((message) => message.Body),
    ['poison'],
  );
  const live = await queues.sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queues.queueUrl, WaitTimeSeconds: 1 }),
  );
  assert.is(live.Messages?.length ?? 0, 0);
});

test.run();
