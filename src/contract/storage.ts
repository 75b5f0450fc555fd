/** Where data lives: bucket prefixes and table keys. */

/** Uploads land here; the bucket notifies the processor for this prefix only. */
export const INCOMING_PREFIX = 'incoming/';
/** Rejected-row reports; outside `incoming/` so that writing one never triggers the processor. */
export const REPORTS_PREFIX = 'reports/';

export const MARKET_DATA_KEY = { partition: 'symbol', sort: 'timestamp' } as const;
export const JOBS_KEY = { partition: 'jobId' } as const;
/** The jobs table's TTL attribute (epoch seconds). */
export const JOBS_TTL_ATTRIBUTE = 'expiresAtEpoch';

export const JOB_STATUSES = [
  'PENDING',
  'PROCESSING',
  'COMPLETED',
  'COMPLETED_WITH_ERRORS',
  'FAILED',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const FINAL_JOB_STATUSES: readonly JobStatus[] = ['COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED'];

/** `incoming/<jobId>/<file name>` */
export function incomingKey(jobId: string, fileName: string): string {
  return `${INCOMING_PREFIX}${jobId}/${fileName}`;
}

/** `reports/<jobId>/rejected-rows.csv` */
export function reportKey(jobId: string): string {
  return `${REPORTS_PREFIX}${jobId}/rejected-rows.csv`;
}
