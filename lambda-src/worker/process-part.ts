/**
 * One part message, start to finish: skip it if the job already counted the part, read the part,
 * write its rows (the later of two rows with one key only: a key's rows are all in this part, in file
 * order), then count the part on the job exactly once, and finish the job when it was the last part.
 */
import { DeleteObjectCommand, GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { METRICS } from '../../src/contract';
import type { DocumentClient } from '../shared/clients';
import type { JobOutcome, JobRecord, JobsRepository } from '../shared/jobs-repository';
import type { Logger } from '../shared/logger';
import { MarketDataWriter, marketDataKey } from '../shared/market-data-repository';
import { emitMetrics, type MetricsSink } from '../shared/metrics';
import { decodePart, type PartRow } from '../shared/part-format';
import type { PartMessage } from '../shared/parts-queue';

export interface WorkerSettings {
  /** Where EMF metric lines go (standard output unless a test collects them). */
  metrics?: MetricsSink;
  documentClient: DocumentClient;
  s3: S3Client;
  marketDataTable: string;
  writeConcurrency: number;
}

export type PartOutcome = 'stored' | 'already-counted' | 'job-not-processing';

/** Within a part the later line of a key replaces the earlier one: write each key once, its last row. */
export function latestByKey(rows: readonly PartRow[]): PartRow[] {
  const latest = new Map<string, PartRow>();
  for (const row of rows) latest.set(marketDataKey(row), row);
  return [...latest.values()];
}

export async function processPart(
  message: PartMessage,
  jobs: JobsRepository,
  settings: WorkerSettings,
  log: Logger,
): Promise<PartOutcome> {
  const job = await jobs.get(message.jobId);
  if (job?.status !== 'PROCESSING') return 'job-not-processing';
  if (await jobs.partSettled(message.jobId, message.part)) {
    // A retried planner may have written the part again; it is not needed any more.
    await deletePart(message, settings);
    return 'already-counted';
  }

  const response = await settings.s3.send(new GetObjectCommand({ Bucket: message.bucket, Key: message.key }));
  const text = await response.Body?.transformToString('utf-8');
  if (text === undefined) throw new Error(`part ${message.part} has no body`);
  const rows = latestByKey(decodePart(text));
  const writer = new MarketDataWriter(
    settings.documentClient,
    settings.marketDataTable,
    settings.writeConcurrency,
  );
  for (const row of rows) {
    writer.put(row, false);
    await writer.pump();
  }
  await writer.flush();

  const after = await jobs.completePart(message.jobId, message.part, rows.length);
  if (after === undefined) return 'already-counted';
  emitMetrics({ [METRICS.rowsStored]: rows.length }, settings.metrics);
  log.info('part stored', { part: message.part, rows: rows.length, ...writer.stats });
  await finishIfLast(after, jobs, log, settings.metrics);
  // The part is no longer needed; a redelivery finds it counted before it looks for the object.
  await deletePart(message, settings);
  return 'stored';
}

async function deletePart(message: PartMessage, settings: WorkerSettings): Promise<void> {
  await settings.s3.send(new DeleteObjectCommand({ Bucket: message.bucket, Key: message.key }));
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
