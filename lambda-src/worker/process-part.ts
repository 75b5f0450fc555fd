/**
 * One part message, start to finish: skip it if the job already counted the part, read the part,
 * write its rows (the later of two rows with one key only: a key's rows are all in this part, in file
 * order), then count the part on the job exactly once, and finish the job when it was the last part.
 * A part that cannot be written within the invocation's time budget (a hot partition key, a table at
 * its cap) is handed on: a continuation message names the first row not yet written.
 */
import { DeleteObjectCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { METRICS, partKey } from '../../src/contract';
import { type BackoffOptions, DEFAULT_BACKOFF } from '../shared/backoff';
import type { DocumentClient } from '../shared/clients';
import type { JobOutcome, JobRecord, JobsRepository } from '../shared/jobs-repository';
import type { Logger } from '../shared/logger';
import { marketDataKey, type WriteStats } from '../shared/market-data-repository';
import { emitMetrics, type MetricsSink } from '../shared/metrics';
import { decodePart, type PartRow, partChunkKey } from '../shared/part-format';
import { type PartMessage, sendPartMessages } from '../shared/parts-queue';
import { writeRowsUntil } from './part-writer';

export interface WorkerSettings {
  /** Where EMF metric lines go (standard output unless a test collects them). */
  metrics?: MetricsSink;
  documentClient: DocumentClient;
  s3: S3Client;
  marketDataTable: string;
  writeConcurrency: number;
  /** Where a part that runs out of time is handed on (the parts queue). */
  partsQueue?: { sqs: Pick<SQSClient, 'send'>; queueUrl: string };
  /** Delays between a batch's retries (tests shorten them). */
  backoff?: BackoffOptions;
}

/** `handed-on`: the time budget ran out; a continuation message carries the rest of the part. */
export type PartOutcome = 'stored' | 'handed-on' | 'already-counted' | 'job-not-processing';

/** Within a part the later line of a key replaces the earlier one: write each key once, its last row. */
export function latestByKey(rows: readonly PartRow[]): PartRow[] {
  const latest = new Map<string, PartRow>();
  for (const row of rows) latest.set(marketDataKey(row), row);
  return [...latest.values()];
}

/** The part's rows, read chunk by chunk (or as one object, from a planner that wrote it so). */
async function readPart(message: PartMessage, settings: WorkerSettings): Promise<PartRow[]> {
  const keys = partObjectKeys(message);
  const rows: PartRow[] = [];
  for (const key of keys) {
    const response = await settings.s3.send(new GetObjectCommand({ Bucket: message.bucket, Key: key }));
    const text = await response.Body?.transformToString('utf-8');
    if (text === undefined) throw new Error(`part ${message.part} has no body at ${key}`);
    for (const row of decodePart(text)) rows.push(row);
  }
  return rows;
}

function partObjectKeys(message: PartMessage): string[] {
  if (message.chunks === undefined) return [message.key];
  return Array.from({ length: message.chunks }, (_, chunk) => partChunkKey(message.key, chunk));
}

/**
 * What the worker keeps of its remaining time for stopping the batches in flight, counting the part
 * or handing it on: a quarter, and at least a second. Well before Lambda's timeout would kill it and
 * the part would start over on its next receive (300 s: 225 s of writing).
 */
export const RESERVE_SHARE = 0.25;
export const MIN_RESERVE_MS = 1_000;
/**
 * Runs in a row that wrote no row at all before a part fails (to its retries and the dead-letter
 * queue): throttling so hard that a whole budget passes without a write, ten times over, is not
 * slowness any more.
 */
export const MAX_IDLE_RUNS = 10;

export async function processPart(
  message: PartMessage,
  jobs: JobsRepository,
  settings: WorkerSettings,
  log: Logger,
  remainingMs: () => number = () => Number.POSITIVE_INFINITY,
): Promise<PartOutcome> {
  const remaining = remainingMs();
  const budget = Math.max(0, remaining - Math.max(MIN_RESERVE_MS, RESERVE_SHARE * remaining));
  const deadline = Date.now() + budget;
  const job = await jobs.get(message.jobId);
  if (job?.status !== 'PROCESSING') return 'job-not-processing';
  if (await jobs.partSettled(message.jobId, message.part)) {
    // A retried planner may have written the part again; it is not needed any more. A worker that
    // died between counting the part and handing its lane on is redelivered here: hand it on now.
    await deletePart(message, settings);
    await handOnLane(message, settings);
    return 'already-counted';
  }

  // Dedup first, so that a continuation's `startRow` points into the same list on every run.
  const rows = latestByKey(await readPart(message, settings));
  const from = Math.min(message.startRow ?? 0, rows.length);
  const backoff = settings.backoff ?? DEFAULT_BACKOFF;
  const stats: WriteStats = { requests: 0, unprocessedRetries: 0, throttleRetries: 0 };
  const next = await writeRowsUntil(
    rows,
    from,
    {
      client: settings.documentClient,
      table: settings.marketDataTable,
      concurrency: settings.writeConcurrency,
      deadline,
      // A continuation was slowed down before: it starts at one request and grows from there.
      initialWindow: message.continuation ? 1 : settings.writeConcurrency,
      // Within a short budget, a long delay would waste most of it: delays are kept to an eighth.
      backoff: {
        ...backoff,
        maxDelayMs: Math.max(backoff.baseDelayMs, Math.min(backoff.maxDelayMs, budget / 8)),
      },
    },
    stats,
  );
  if (next < rows.length) {
    // A run may write nothing when many workers share one hot key; only a long run of them fails.
    const idle = next === from ? (message.idleRuns ?? 0) + 1 : 0;
    if (idle >= MAX_IDLE_RUNS)
      throw new Error(
        `part ${message.part}: no row could be written in ${idle} time budgets in a row (row ${from} of ${rows.length}); the table refuses every write`,
      );
    const queue = settings.partsQueue;
    if (queue === undefined)
      throw new Error(`part ${message.part} ran out of time and no parts queue is set to hand it on`);
    const continuation: PartMessage = {
      ...message,
      startRow: next,
      continuation: (message.continuation ?? 0) + 1,
      idleRuns: idle,
    };
    await sendPartMessages(queue.sqs, queue.queueUrl, [continuation]);
    await jobs.recordHandOn(message.jobId, next - from);
    log.info('part handed on', {
      part: message.part,
      from,
      next,
      rows: rows.length,
      continuation: continuation.continuation,
      ...stats,
    });
    return 'handed-on';
  }

  // The whole part's rows, whatever share of them this run wrote: counts stay exact.
  const after = await jobs.completePart(message.jobId, message.part, rows.length, from);
  if (after === undefined) {
    await handOnLane(message, settings);
    return 'already-counted';
  }
  emitMetrics({ [METRICS.rowsStored]: rows.length }, settings.metrics);
  log.info('part stored', {
    part: message.part,
    rows: rows.length,
    from,
    continuations: message.continuation ?? 0,
    ...stats,
  });
  await finishIfLast(after, jobs, log, settings.metrics);
  // The part is no longer needed; a redelivery finds it counted before it looks for the object.
  await deletePart(message, settings);
  await handOnLane(message, settings);
  return 'stored';
}

/**
 * Sends the next part of the message's lane, if any. Sent before the message is acknowledged, so a
 * crash in between redelivers the message, which finds its part counted and sends the next again:
 * a part may be sent twice, and is counted once.
 */
export async function handOnLane(message: PartMessage, settings: WorkerSettings): Promise<void> {
  const [next, ...rest] = message.laneRest ?? [];
  if (next === undefined) return;
  const queue = settings.partsQueue;
  if (queue === undefined)
    throw new Error(`part ${message.part} has a lane to hand on and no parts queue is set`);
  const following: PartMessage = {
    jobId: message.jobId,
    part: next.part,
    partsTotal: message.partsTotal,
    bucket: message.bucket,
    key: partKey(message.jobId, next.part),
    chunks: next.chunks,
  };
  if (rest.length > 0) following.laneRest = rest;
  await sendPartMessages(queue.sqs, queue.queueUrl, [following]);
}

async function deletePart(message: PartMessage, settings: WorkerSettings): Promise<void> {
  for (const key of partObjectKeys(message))
    await settings.s3.send(new DeleteObjectCommand({ Bucket: message.bucket, Key: key }));
}

/** Records a part whose retries are exhausted, so the job ends FAILED rather than waiting for ever. */
export async function failPart(
  message: PartMessage,
  jobs: JobsRepository,
  log: Logger,
  metrics?: MetricsSink,
): Promise<void> {
  const after = await jobs.failPart(message.jobId, message.part);
  if (after === undefined) return;
  log.error('part failed on its last attempt; it goes to the dead-letter queue', { part: message.part });
  await finishIfLast(after, jobs, log, metrics);
}

async function finishIfLast(
  job: JobRecord,
  jobs: JobsRepository,
  log: Logger,
  metrics?: MetricsSink,
): Promise<void> {
  if (job.partsTotal === 0 || job.partsDone + job.partsFailed < job.partsTotal) return;
  const outcome: JobOutcome = {
    status: job.partsFailed > 0 ? 'FAILED' : job.rowsRejected > 0 ? 'COMPLETED_WITH_ERRORS' : 'COMPLETED',
    rowsTotal: job.rowsTotal,
    rowsStored: job.rowsSoFar,
    rowsRejected: job.rowsRejected,
    rowsDuplicate: job.rowsDuplicate,
    errors: job.errors,
  };
  if (job.reportKey !== undefined) outcome.reportKey = job.reportKey;
  if (job.partsFailed > 0) {
    const failed = await jobs.failedParts(job.jobId);
    outcome.failureReason =
      `part${failed.length > 1 ? 's' : ''} ${failed.join(', ')} of ${job.partsTotal} failed after every retry ` +
      `and went to the dead-letter queue; the other ${job.partsDone} parts stored ${job.rowsSoFar} rows; ` +
      `quote correlation id ${job.correlationId} to support`;
  }
  // Conditional on PROCESSING: of two workers finishing the last parts at once, one records it.
  if (!(await jobs.finish(job.jobId, outcome))) return;
  emitMetrics({ [METRICS.jobLatency]: Date.now() - Date.parse(job.createdAt) }, metrics);
  log.info('job finished', {
    status: outcome.status,
    rowsStored: outcome.rowsStored,
    partsTotal: job.partsTotal,
  });
}
