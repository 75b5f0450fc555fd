/**
 * One uploaded object, start to finish: claim the job (PENDING or a crashed PROCESSING run), ingest,
 * write the rejected-rows report, and end the job in a final state. Finished jobs are left alone, so a
 * redelivered event changes nothing; a failed run is retried by Lambda (writes are idempotent puts and
 * the counts are recomputed, never added) until its last attempt, which marks the job FAILED.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { FINAL_JOB_STATUSES, LIMITS, reportKey } from '../../src/contract';
import type { DocumentClient } from '../shared/clients';
import type { JobOutcome, JobsRepository } from '../shared/jobs-repository';
import { errorFields, type Logger } from '../shared/logger';
import { MarketDataWriter } from '../shared/market-data-repository';
import { ingest } from './ingest';
import type { UploadedObject } from './object-key';
import { rejectedRowsCsv } from './rejected-rows-report';

export interface ProcessorSettings {
  documentClient: DocumentClient;
  s3: S3Client;
  marketDataTable: string;
  reportBucket: string;
  maxRows: number;
  writeConcurrency: number;
}

export type UploadOutcome =
  | { jobId: string; result: 'finished'; outcome: JobOutcome }
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
    outcome = await ingestObject(object, jobId, settings, log);
  } catch (error) {
    if (attempt < LIMITS.processorMaxAttempts) throw error;
    log.error('processing failed on the last attempt', errorFields(error));
    outcome = failed(
      `processing failed ${attempt} times; quote correlation id ${job.correlationId} to support`,
    );
  }
  const recorded = await jobs.finish(jobId, outcome);
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
  settings: ProcessorSettings,
  log: Logger,
): Promise<JobOutcome> {
  let body: unknown;
  try {
    body = (await settings.s3.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key }))).Body;
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'NoSuchKey') throw error;
    return failed('the uploaded object no longer exists');
  }
  if (!isAsyncIterable(body)) throw new Error('the object body is not a stream');
  const writer = new MarketDataWriter(
    settings.documentClient,
    settings.marketDataTable,
    settings.writeConcurrency,
  );
  const result = await ingest(body, writer, settings.maxRows);
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
  if (result.rowsRejected > 0) {
    outcome.reportKey = reportKey(jobId);
    await settings.s3.send(
      new PutObjectCommand({
        Bucket: settings.reportBucket,
        Key: outcome.reportKey,
        Body: rejectedRowsCsv(result.collector.rejected),
        ContentType: 'text/csv; charset=utf-8',
      }),
    );
  }
  return outcome;
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
