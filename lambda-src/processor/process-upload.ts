/**
 * One uploaded object, start to finish: claim the job (PENDING or a crashed PROCESSING run), ingest,
 * write the rejected-rows report, and end the job in a final state. Finished jobs are left alone, so a
 * redelivered event changes nothing; a failed run is retried by Lambda (writes are idempotent puts and
 * the counts are recomputed, never added) until its last attempt, which marks the job FAILED.
 */
import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { ENV, FINAL_JOB_STATUSES, LIMITS, METRICS, partKey, reportKey } from '../../src/contract';
import type { DocumentClient } from '../shared/clients';
import { ConfigurationError } from '../shared/config';
import type { FanOutPlan, JobOutcome, JobsRepository } from '../shared/jobs-repository';
import { errorFields, type Logger } from '../shared/logger';
import { MarketDataWriter } from '../shared/market-data-repository';
import { emitMetrics, type MetricsSink } from '../shared/metrics';
import { partChunkKey } from '../shared/part-format';
import { laneCount, laneMessages, type PartMessage, sendPartMessages } from '../shared/parts-queue';
import { failedAfterRetries } from './failure-reason';
import { ingest } from './ingest';
import type { UploadedObject } from './object-key';
import { type ChunkWriter, PartSplitter, type PlannedPart } from './part-splitter';
import { RejectedRowsReport } from './rejected-rows-report';

export interface ProcessorSettings {
  /** Where EMF metric lines go (standard output unless a test collects them). */
  metrics?: MetricsSink;
  documentClient: DocumentClient;
  s3: S3Client;
  marketDataTable: string;
  reportBucket: string;
  maxRows: number;
  writeConcurrency: number;
  /** Where part messages go; a file larger than one part needs it. */
  partsQueue?: { sqs: Pick<SQSClient, 'send'>; queueUrl: string };
  /** A file up to this size is ingested inline by the processor itself. */
  inlineBytes: number;
  /** A larger file is split into parts of about this size. */
  partBytes: number;
  /** The size of a part's chunk objects (tests make it small); DEFAULT_CHUNK_BYTES by default. */
  chunkBytes?: number;
  /** The most of the rejected-rows report held at once (DEFAULT_PIECE_BYTES, at least 5 MiB). */
  reportPieceBytes?: number;
  /** How often the planner records how far it has read (PROGRESS_EVERY_BYTES; tests make it small). */
  progressEveryBytes?: number;
}

/**
 * A file up to 8 MiB (150,000-180,000 rows of typical ticks, 45-55 bytes a row) is ingested inline,
 * as before the fan-out: a 100,000-row file (about 5 MiB) keeps its single invocation.
 */
export const DEFAULT_INLINE_BYTES = 8 * 1024 * 1024;

/**
 * A part is about 3 MiB: 55,000-70,000 rows. Sized for the worst share of the table a worker gets
 * with the defaults: 100 workers at once under the 40,000 write units/s cap is 400 rows/s each, so a
 * part takes at most about 175 s, inside the worker's 300 s with room for throttling back-off. (At
 * 8 MiB a part would need over 400 s there and time out on every receive.) Alone, a worker stores a
 * part in seconds, and a retried part redoes little.
 */
export const DEFAULT_PART_BYTES = 3 * 1024 * 1024;

export type UploadOutcome =
  | { jobId: string; result: 'finished'; outcome: JobOutcome }
  | { jobId: string; result: 'planned'; partsTotal: number }
  | { jobId: string; result: 'skipped'; reason: string };

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return value !== null && typeof value === 'object' && Symbol.asyncIterator in value;
}

export async function processUpload(
  object: UploadedObject,
  jobs: JobsRepository,
  settings: ProcessorSettings,
  baseLog: Logger,
): Promise<UploadOutcome> {
  const { jobId } = object;
  const skip = (reason: string): UploadOutcome => {
    baseLog.info('upload skipped', { jobId, reason });
    return { jobId, result: 'skipped', reason };
  };
  const job = await jobs.get(jobId);
  if (!job) return skip('no such job');
  if (job.objectKey !== object.key) return skip('the key is not the one issued for the job');
  if (FINAL_JOB_STATUSES.includes(job.status)) return skip(`the job is already ${job.status}`);
  const attempt = await jobs.startProcessing(jobId);
  if (attempt === undefined) return skip('the job was finished by another delivery');

  // From here on the upload request's correlation id ties these lines to the API call that began it.
  const log = baseLog.child({
    jobId,
    attempt,
    ...(job.correlationId ? { correlationId: job.correlationId } : {}),
  });
  log.info('processing started', { bucket: object.bucket, key: object.key });
  const started = performance.now();
  let outcome: JobOutcome;
  try {
    const result = await ingestObject(object, jobId, jobs, settings, log);
    if ('partsTotal' in result) {
      log.info('file split into parts', { partsTotal: result.partsTotal });
      return { jobId, result: 'planned', partsTotal: result.partsTotal };
    }
    outcome = result;
  } catch (error) {
    if (attempt < LIMITS.processorMaxAttempts) throw error;
    log.error('processing failed on the last attempt', errorFields(error));
    const cause = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    outcome = failedAfterRetries((await jobs.get(jobId)) ?? job, attempt, cause);
  }
  const recorded = await jobs.finish(jobId, outcome);
  if (recorded) {
    emitMetrics(
      {
        [METRICS.rowsStored]: outcome.rowsStored,
        [METRICS.rowsRejected]: outcome.rowsRejected,
        [METRICS.jobLatency]: Date.now() - Date.parse(job.createdAt),
      },
      settings.metrics,
    );
  }
  log.info(recorded ? 'processing finished' : 'processing finished; another delivery recorded it first', {
    status: outcome.status,
    rowsTotal: outcome.rowsTotal,
    rowsStored: outcome.rowsStored,
    rowsRejected: outcome.rowsRejected,
    rowsDuplicate: outcome.rowsDuplicate,
    failureReason: outcome.failureReason,
    durationMs: Math.round(performance.now() - started),
  });
  return { jobId, result: 'finished', outcome };
}

async function ingestObject(
  object: UploadedObject,
  jobId: string,
  jobs: JobsRepository,
  settings: ProcessorSettings,
  log: Logger,
): Promise<JobOutcome | { partsTotal: number }> {
  let body: unknown;
  let size: number;
  try {
    const response = await settings.s3.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key }));
    body = response.Body;
    size = response.ContentLength ?? 0;
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'NoSuchKey') throw error;
    return failed('the uploaded object no longer exists');
  }
  if (!isAsyncIterable(body)) throw new Error('the object body is not a stream');
  if (size > settings.inlineBytes) return planParts(body, size, object, jobId, jobs, settings, log);
  const writer = new MarketDataWriter(
    settings.documentClient,
    settings.marketDataTable,
    settings.writeConcurrency,
  );
  const report = newReport(jobId, settings);
  const result = await ingest(body, writer, { maxRows: settings.maxRows, report });
  log.info('rows written', { ...writer.stats });
  const outcome: JobOutcome = {
    status: result.failureReason ? 'FAILED' : result.rowsRejected > 0 ? 'COMPLETED_WITH_ERRORS' : 'COMPLETED',
    rowsTotal: result.rowsTotal,
    rowsStored: result.rowsStored,
    rowsRejected: result.rowsRejected,
    rowsDuplicate: result.rowsDuplicate,
    errors: result.collector.firstErrors(),
  };
  if (result.failureReason) outcome.failureReason = result.failureReason;
  if (result.rowsRejected > 0) outcome.reportKey = await finishReport(report);
  else await report.abort();
  return outcome;
}

function newReport(jobId: string, settings: ProcessorSettings): RejectedRowsReport {
  return new RejectedRowsReport(
    settings.s3,
    settings.reportBucket,
    reportKey(jobId),
    settings.reportPieceBytes,
  );
}

async function finishReport(report: RejectedRowsReport): Promise<string> {
  await report.complete();
  return report.key;
}

/** The planner records how far it has read this often, for progress and for a job it cannot finish. */
export const PROGRESS_EVERY_BYTES = 64 * 1024 * 1024;

/**
 * The fan-out path: scan and validate the whole file (the counts, duplicates and rejected rows are
 * the file's own) while splitting the valid rows into parts by key, each part's chunks written as
 * they fill and the rejected rows streamed to the report; then record the plan on the job and send
 * one message per part. Each step is repeatable, so a retried processor redoes it all with the same
 * result; the workers finish the job. A refused file leaves no parts and no report behind.
 */
async function planParts(
  body: AsyncIterable<Uint8Array>,
  size: number,
  object: UploadedObject,
  jobId: string,
  jobs: JobsRepository,
  settings: ProcessorSettings,
  log: Logger,
): Promise<JobOutcome | { partsTotal: number }> {
  const queue = settings.partsQueue;
  if (queue === undefined)
    throw new ConfigurationError(`a file larger than one part needs ${ENV.partsQueueUrl}`);
  const writeChunk: ChunkWriter = async (part, chunk, bytes) => {
    await settings.s3.send(
      new PutObjectCommand({
        Bucket: object.bucket,
        Key: partChunkKey(partKey(jobId, part), chunk),
        Body: bytes,
        ContentType: 'text/plain; charset=utf-8',
      }),
    );
  };
  const splitter = new PartSplitter(Math.ceil(size / settings.partBytes), writeChunk, settings.chunkBytes);
  const report = newReport(jobId, settings);
  const progressEvery = settings.progressEveryBytes ?? PROGRESS_EVERY_BYTES;
  let nextProgress = progressEvery;
  const result = await ingest(body, splitter, {
    maxRows: settings.maxRows,
    report,
    onProgress: async (bytesRead, counts) => {
      if (bytesRead < nextProgress) return;
      nextProgress = bytesRead + progressEvery;
      await jobs.recordProgress(jobId, { ...counts, bytesRead, bytesTotal: size });
    },
  });
  const counts = {
    rowsTotal: result.rowsTotal,
    rowsRejected: result.rowsRejected,
    rowsDuplicate: result.rowsDuplicate,
    errors: result.collector.firstErrors(),
  };
  if (result.failureReason !== undefined) {
    await report.abort();
    await deleteChunks(object.bucket, jobId, splitter.planned(), settings);
    log.info('file refused; its parts were removed', {
      reason: result.failureReason,
      rowsRead: result.rowsTotal,
    });
    // Nothing was written: a refused file leaves no parts behind.
    return { ...counts, status: 'FAILED', rowsStored: 0, failureReason: result.failureReason };
  }
  const reportKeyOf = result.rowsRejected > 0 ? await finishReport(report) : undefined;
  if (reportKeyOf === undefined) await report.abort();
  const planned = splitter.planned();
  if (planned.length === 0) {
    const outcome: JobOutcome = { ...counts, status: 'COMPLETED_WITH_ERRORS', rowsStored: 0 };
    if (reportKeyOf !== undefined) outcome.reportKey = reportKeyOf;
    return outcome;
  }
  const lanes = laneCount(result.collector.symbols, planned.length);
  const messages: PartMessage[] = laneMessages(
    { jobId, partsTotal: planned.length, bucket: object.bucket },
    planned,
    lanes,
    (part) => partKey(jobId, part),
  );
  const plan: FanOutPlan = { ...counts, partsTotal: planned.length };
  if (reportKeyOf !== undefined) plan.reportKey = reportKeyOf;
  if (!(await jobs.recordPlan(jobId, plan))) throw new Error('the job left PROCESSING while it was planned');
  await sendPartMessages(queue.sqs, queue.queueUrl, messages);
  emitMetrics({ [METRICS.rowsRejected]: result.rowsRejected }, settings.metrics);
  log.info('parts sent', {
    partsTotal: planned.length,
    lanes,
    symbols: result.collector.symbols,
    rows: planned.map((part) => part.rows),
    reportPieces: report.pieces,
  });
  return { partsTotal: planned.length };
}

/**
 * Removes the chunk objects a refused file's planner wrote, known from its own record (no listing:
 * the role needs no s3:ListBucket). A planner that died leaves its chunks to the bucket's expiry.
 */
async function deleteChunks(
  bucket: string,
  jobId: string,
  parts: readonly PlannedPart[],
  settings: Pick<ProcessorSettings, 's3'>,
): Promise<void> {
  const keys = parts.flatMap(({ part, chunks }) =>
    Array.from({ length: chunks }, (_, chunk) => ({ Key: partChunkKey(partKey(jobId, part), chunk) })),
  );
  // DeleteObjects takes at most 1,000 keys a request.
  for (let start = 0; start < keys.length; start += 1000)
    await settings.s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: keys.slice(start, start + 1000), Quiet: true },
      }),
    );
}

function failed(reason: string): JobOutcome {
  return {
    status: 'FAILED',
    rowsTotal: 0,
    rowsStored: 0,
    rowsRejected: 0,
    rowsDuplicate: 0,
    errors: [],
    failureReason: reason,
  };
}
