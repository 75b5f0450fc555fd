/**
 * The fan-out path in tests: ElasticMQ with the parts queue and its dead-letter queue (one pair per
 * test, so tests cannot see each other's messages), the processor and worker bundles built with
 * explicit dependencies (a small part size, injected faults), the local poller standing in for the
 * event source mapping, and reading the market-data table back.
 */
import {
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ProcessorDependencies } from '../../lambda-src/processor/index';
import type { DocumentClient } from '../../lambda-src/shared/clients';
import type { SqsBatchResponse, SqsEvent } from '../../lambda-src/shared/events';
import { PartsPoller, type PollerStats, type WorkerInvoke } from '../../scripts/local/parts-poller';
import { createPartsQueues, type PartsQueues } from '../../scripts/local/parts-queues';
import { FINAL_JOB_STATUSES, LIMITS, type StatusResponse } from '../../src/contract';
import { jobStatus } from './api';
import { loadBundle } from './bundles';
import { elasticMq } from './elasticmq';
import { testEnvironment } from './environment';
import { lambdaContext } from './events';
import { MINIO_CREDENTIALS } from './minio';

/** Worker timeout in the tests' queues: visibility timeout = 6 x 1 s, so a lost part returns in 6 s. */
export const TEST_WORKER_TIMEOUT_SECONDS = 1;

let queueCount = 0;

export interface FanOutQueues extends PartsQueues {
  sqs: SQSClient;
}

/** `workerTimeoutSeconds` sets the visibility timeout (x6); the bench uses Lambda's 300 s. */
export async function fanOutQueues(
  workerTimeoutSeconds = TEST_WORKER_TIMEOUT_SECONDS,
): Promise<FanOutQueues> {
  const endpoint = await elasticMq();
  const sqs = new SQSClient({ region: 'us-east-1', endpoint, credentials: MINIO_CREDENTIALS });
  queueCount++;
  const queues = await createPartsQueues(
    sqs,
    `servapp-parts-test-${process.pid}-${queueCount}`,
    workerTimeoutSeconds,
  );
  return { sqs, ...queues };
}

export async function fanOutProcessor(
  queues: FanOutQueues,
  partBytes: number,
  sqs: Pick<SQSClient, 'send'> = queues.sqs,
  inlineBytes = partBytes,
  overrides: Partial<ProcessorDependencies> = {},
) {
  const env = await testEnvironment();
  const { createHandler } = await loadBundle('processor');
  return createHandler({
    documentClient: env.documentClient,
    s3: env.s3,
    jobsTable: env.jobsTable,
    marketDataTable: env.marketDataTable,
    reportBucket: env.bucket,
    maxRows: LIMITS.maxRowsPerFile,
    writeConcurrency: 16,
    inlineBytes,
    partBytes,
    partsQueue: { sqs, queueUrl: queues.queueUrl },
    ...overrides,
  });
}

export interface WorkerOptions {
  /** The worker's timeout: its context counts down from it, as Lambda's does. */
  timeoutMs?: number;
  /** The parts queue, for handing on a part that runs out of time. */
  queues?: FanOutQueues;
  writeConcurrency?: number;
}

export async function worker(
  documentClient?: DocumentClient,
  metrics?: (line: string) => void,
  options: WorkerOptions = {},
): Promise<WorkerInvoke> {
  const env = await testEnvironment();
  const { createHandler } = await loadBundle('worker');
  const handler = createHandler({
    documentClient: documentClient ?? env.documentClient,
    s3: env.s3,
    jobsTable: env.jobsTable,
    marketDataTable: env.marketDataTable,
    writeConcurrency: options.writeConcurrency ?? 16,
    ...(metrics ? { metrics } : {}),
    ...(options.queues ? { partsQueue: { sqs: options.queues.sqs, queueUrl: options.queues.queueUrl } } : {}),
  });
  const timeoutMs = options.timeoutMs;
  return (event: SqsEvent): Promise<SqsBatchResponse> => {
    if (timeoutMs === undefined) return handler(event, lambdaContext());
    const deadline = Date.now() + timeoutMs;
    return handler(event, { ...lambdaContext(), getRemainingTimeInMillis: () => deadline - Date.now() });
  };
}

/** Runs the poller until every job is final (or the time is up), then stops it. */
export async function drainParts(
  queues: FanOutQueues,
  jobIds: readonly string[],
  invoke: WorkerInvoke,
  options: { maxConcurrency?: number; timeoutMs?: number; invocationTimeoutMs?: number } = {},
): Promise<{ statuses: StatusResponse[]; stats: PollerStats }> {
  const poller = new PartsPoller(queues.sqs, queues.queueUrl, invoke, {
    batchSize: 1,
    maxConcurrency: options.maxConcurrency ?? 4,
    timeoutMs: options.invocationTimeoutMs ?? 20_000,
  });
  poller.start();
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let statuses: StatusResponse[] = [];
  try {
    for (;;) {
      statuses = await Promise.all(jobIds.map((jobId) => jobStatus(jobId)));
      if (statuses.every((status) => FINAL_JOB_STATUSES.includes(status.status))) break;
      if (Date.now() > deadline) throw new Error(`jobs not final in time: ${JSON.stringify(statuses)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await poller.stop();
  }
  return { statuses, stats: poller.stats };
}

/**
 * SQS moves a message past its maxReceiveCount to the dead-letter queue when it is next received, as
 * the event source mapping keeps polling: poll the queue (expecting nothing) until the DLQ holds it.
 */
export async function deadLetters(
  queues: FanOutQueues,
  expected: number,
  timeoutMs = 30_000,
): Promise<Message[]> {
  const deadline = Date.now() + timeoutMs;
  const found: Message[] = [];
  while (found.length < expected && Date.now() < deadline) {
    const live = await queues.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queues.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    if ((live.Messages ?? []).length > 0)
      throw new Error('a message came back to the parts queue past its last receive');
    const dead = await queues.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queues.deadLetterQueueUrl, MaxNumberOfMessages: 10 }),
    );
    found.push(...(dead.Messages ?? []));
  }
  return found;
}

export async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const answer = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(answer.Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(answer.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

/** Items stored for the given symbols, read back from the table. */
export async function storedCount(symbols: readonly string[]): Promise<number> {
  const env = await testEnvironment();
  let stored = 0;
  for (const symbol of symbols) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await env.documentClient.send(
        new QueryCommand({
          TableName: env.marketDataTable,
          KeyConditionExpression: 'symbol = :s',
          ExpressionAttributeValues: { ':s': symbol },
          Select: 'COUNT',
          ExclusiveStartKey: startKey,
        }),
      );
      stored += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
  return stored;
}

export async function storedPrice(symbol: string, timestamp: string): Promise<string | undefined> {
  const env = await testEnvironment();
  const answer = await env.documentClient.send(
    new GetCommand({ TableName: env.marketDataTable, Key: { symbol, timestamp } }),
  );
  const price: unknown = answer.Item?.price;
  if (price === undefined) return undefined;
  return typeof price === 'object' && price !== null && 'value' in price
    ? String(price.value)
    : String(price);
}

/** `rows` valid rows over `symbols` symbols, one second apart (timestamps as stored). */
export function fanOutCsv(
  rows: number,
  prefix: string,
  symbols: number,
): { lines: string[]; symbols: string[] } {
  const start = Date.UTC(2024, 0, 1);
  const lines = ['symbol,timestamp,price,volume'];
  for (let i = 0; i < rows; i++)
    lines.push(
      `${prefix}${i % symbols},${new Date(start + i * 1000).toISOString()},${100 + (i % 97)}.5,${i}`,
    );
  return { lines, symbols: Array.from({ length: symbols }, (_, s) => `${prefix}${s}`) };
}
