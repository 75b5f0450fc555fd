/**
 * The processor: invoked asynchronously by the bucket's `incoming/` notification (at least once, maybe
 * several records per event). Each record is processed on its own; if any failed for a passing
 * reason the invocation throws, so Lambda retries the event, and the records already finished are
 * skipped on the retry. It also consumes its own on-failure destination (SQS records): an event that
 * failed every attempt, even by dying of out-of-memory, ends its job FAILED there.
 */
import { ENV, LIMITS } from '../../src/contract';
import { createDocumentClient, createS3Client, createSqsClient } from '../shared/clients';
import { integerEnv, requiredEnv } from '../shared/config';
import type { LambdaContext, S3Event, SqsEvent } from '../shared/events';
import { JobsRepository } from '../shared/jobs-repository';
import { createLogger, errorFields } from '../shared/logger';
import { endFailedJobs, parseFailedInvocation } from './failed-invocation';
import { uploadedObjectOf } from './object-key';
import {
  DEFAULT_INLINE_BYTES,
  DEFAULT_PART_BYTES,
  type ProcessorSettings,
  processUpload,
  type UploadOutcome,
} from './process-upload';

/** Enough requests in flight to keep DynamoDB busy; Lambda's 3 GB gives the CPU to parse meanwhile. */
const DEFAULT_WRITE_CONCURRENCY = 16;

export interface ProcessorDependencies extends ProcessorSettings {
  jobsTable: string;
}

export function processorDependenciesFromEnv(): ProcessorDependencies {
  const queueUrl = process.env[ENV.partsQueueUrl];
  return {
    ...(queueUrl ? { partsQueue: { sqs: createSqsClient(), queueUrl } } : {}),
    inlineBytes: DEFAULT_INLINE_BYTES,
    partBytes: DEFAULT_PART_BYTES,
    documentClient: createDocumentClient(),
    s3: createS3Client(),
    jobsTable: requiredEnv(ENV.jobsTable),
    marketDataTable: requiredEnv(ENV.marketDataTable),
    reportBucket: requiredEnv(ENV.uploadBucket),
    maxRows: integerEnv(ENV.maxRowsPerFile, LIMITS.maxRowsPerFile),
    writeConcurrency: integerEnv(ENV.writeConcurrency, DEFAULT_WRITE_CONCURRENCY),
  };
}

export interface ProcessorResult {
  uploads: UploadOutcome[];
  skippedRecords: number;
  /** Jobs ended FAILED from the on-failure destination's records. */
  jobsEnded?: string[];
}

function isSqsEvent(event: S3Event | SqsEvent): event is SqsEvent {
  return (event.Records ?? []).some((record) => record.eventSource === 'aws:sqs');
}

export function createHandler(deps: ProcessorDependencies = processorDependenciesFromEnv()) {
  const jobs = new JobsRepository(deps.documentClient, deps.jobsTable);
  return async (event: S3Event | SqsEvent, context: LambdaContext): Promise<ProcessorResult> => {
    const log = createLogger(context.awsRequestId, { requestId: context.awsRequestId });
    if (isSqsEvent(event)) {
      // The processor's on-failure destination: end the jobs its failed invocations left open.
      const jobsEnded: string[] = [];
      for (const record of event.Records) {
        const failure = parseFailedInvocation(record.body);
        if (failure === undefined) {
          log.warn('failed-invocation record not understood; dropped', { messageId: record.messageId });
          continue;
        }
        jobsEnded.push(...(await endFailedJobs(failure, jobs, log)));
      }
      return { uploads: [], skippedRecords: 0, jobsEnded };
    }
    const records = event.Records ?? [];
    const result: ProcessorResult = { uploads: [], skippedRecords: 0 };
    const failures: unknown[] = [];
    for (const record of records) {
      const object = uploadedObjectOf(record);
      if (typeof object === 'string') {
        log.warn('record skipped', { reason: object, key: record.s3?.object?.key });
        result.skippedRecords++;
        continue;
      }
      try {
        result.uploads.push(await processUpload(object, jobs, deps, log));
      } catch (error) {
        log.error('upload failed; the event will be retried', { jobId: object.jobId, ...errorFields(error) });
        failures.push(error);
      }
    }
    if (failures.length > 0) {
      throw new Error(`${failures.length} of ${records.length} uploads failed; the event will be retried`, {
        cause: failures[0],
      });
    }
    return result;
  };
}

export const handler = createHandler();
