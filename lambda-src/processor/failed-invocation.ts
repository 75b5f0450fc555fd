/**
 * The processor's own on-failure destination, consumed by the processor: Lambda writes a record there
 * when an S3 event has failed every attempt, including attempts that died where no `catch` runs (out
 * of memory, timeout). Each upload in the failed event whose job is still open is ended FAILED here,
 * with the counts the planner recorded and a reason built from the error Lambda reports, so no job
 * stays PROCESSING for ever.
 */
import { FINAL_JOB_STATUSES, LIMITS } from '../../src/contract';
import type { S3EventRecord } from '../shared/events';
import type { JobsRepository } from '../shared/jobs-repository';
import type { Logger } from '../shared/logger';
import { jsonObjectOf } from '../shared/message-body';
import { failedAfterRetries } from './failure-reason';
import { uploadedObjectOf } from './object-key';

/** What Lambda puts in a destination record (the parts read here). */
interface DestinationRecord {
  requestContext?: { condition?: unknown; approximateInvokeCount?: unknown };
  requestPayload?: { Records?: unknown };
  responsePayload?: { errorType?: unknown; errorMessage?: unknown } | null;
}

export interface FailedInvocation {
  condition: string;
  attempts: number;
  cause: string;
  records: S3EventRecord[];
}

/** The failed invocation in a destination record's body, or undefined when it is not one of ours. */
export function parseFailedInvocation(body: string): FailedInvocation | undefined {
  const value = jsonObjectOf(body);
  if (!value) return undefined;
  const record = value as DestinationRecord;
  const records = record.requestPayload?.Records;
  if (!Array.isArray(records)) return undefined;
  const condition =
    typeof record.requestContext?.condition === 'string' ? record.requestContext.condition : '';
  const count = record.requestContext?.approximateInvokeCount;
  const error = record.responsePayload ?? {};
  const type = typeof error.errorType === 'string' ? error.errorType : '';
  const message = typeof error.errorMessage === 'string' ? error.errorMessage : '';
  // An event too old to be tried again has no error: its condition is the cause.
  const cause = [type, message].filter((part) => part !== '').join(': ') || condition || 'unknown error';
  return {
    condition,
    attempts: typeof count === 'number' ? count : LIMITS.processorMaxAttempts,
    cause,
    records: records as S3EventRecord[],
  };
}

/** Ends the open jobs of a failed invocation; returns the ids of the jobs it ended. */
export async function endFailedJobs(
  failure: FailedInvocation,
  jobs: JobsRepository,
  log: Logger,
): Promise<string[]> {
  const ended: string[] = [];
  for (const record of failure.records) {
    const object = uploadedObjectOf(record);
    if (typeof object === 'string') continue;
    const job = await jobs.get(object.jobId);
    if (job === undefined || FINAL_JOB_STATUSES.includes(job.status)) continue;
    // A job whose event expired before any attempt is still PENDING: it is claimed first, so that
    // the final write's condition (PROCESSING) holds and a late delivery cannot start it again.
    if (job.status === 'PENDING' && (await jobs.startProcessing(object.jobId)) === undefined) continue;
    const current = (await jobs.get(object.jobId)) ?? job;
    // Even a planned job ends here: every attempt failed, so its part messages may never have been
    // sent; a worker that does get one finds the job final and leaves it.
    const outcome = failedAfterRetries(current, failure.attempts, failure.cause);
    if (await jobs.finish(object.jobId, outcome)) {
      ended.push(object.jobId);
      log.error('job ended by the failed-invocation record', {
        jobId: object.jobId,
        correlationId: current.correlationId,
        condition: failure.condition,
        cause: failure.cause,
        rowsTotal: outcome.rowsTotal,
      });
    }
  }
  return ended;
}
