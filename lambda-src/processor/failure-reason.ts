/**
 * How a job ends when its processor could not finish it: on its last attempt (a thrown error), or
 * after it died where no `catch` runs (out of memory, out of time), reported by Lambda's on-failure
 * destination. The job keeps the counts the planner had recorded, and the reason says what went
 * wrong in terms a user can act on, not just how many attempts there were.
 */
import type { JobOutcome, JobRecord } from '../shared/jobs-repository';

/** What the error says about the file, and what the user can do about it. */
function advice(cause: string): string {
  if (/EventAgeExceeded/.test(cause)) return 'upload the file again';
  if (/out of memory|heap|Invalid string length|maximum size exceeded|Runtime\.OutOfMemory/i.test(cause))
    return 'the file is too large for one processor in this shape (memory); split it into smaller files';
  if (/timed? ?out|Task timed out|Sandbox\.Timedout/i.test(cause))
    return 'the file took longer than the processor may run; split it into smaller files';
  return 'upload the file again; if it fails again, split it into smaller files';
}

export function failedAfterRetries(job: JobRecord, attempts: number, cause: string): JobOutcome {
  const read =
    job.bytesTotal > 0
      ? `after reading ${job.bytesRead} of ${job.bytesTotal} bytes (${job.rowsTotal} rows)`
      : `after reading ${job.rowsTotal} rows`;
  const outcome: JobOutcome = {
    status: 'FAILED',
    rowsTotal: job.rowsTotal,
    rowsStored: job.rowsSoFar,
    rowsRejected: job.rowsRejected,
    rowsDuplicate: job.rowsDuplicate,
    errors: job.errors,
    failureReason:
      `${attempts > 0 ? `processing failed on each of ${attempts} attempts` : 'processing never started'} (${cause}) ${read}: ` +
      `${advice(cause)}; quote correlation id ${job.correlationId} to support`,
  };
  if (job.reportKey !== undefined) outcome.reportKey = job.reportKey;
  return outcome;
}
