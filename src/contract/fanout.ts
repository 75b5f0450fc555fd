/**
 * Fan-out of large files: the shared facts of the parts queue, read by the template (queue, DLQ,
 * event source mapping, alarms, dashboard), the functions (planner and worker) and the local
 * poller that stands in for Lambda's event source mapping.
 */

/** Part objects the processor writes for the worker: `parts/<jobId>/<index>`; never under `incoming/`. */
export const PARTS_PREFIX = 'parts/';

export const FANOUT = {
  /** Receives of one part message before SQS moves it to the dead-letter queue. */
  maxReceiveCount: 3,
  /** Part messages per worker invocation: one part fills one invocation's time budget. */
  batchSize: 1,
  /**
   * The queue's visibility timeout as a multiple of the worker's timeout, so a message is not
   * handed to a second worker while the first may still run (Lambda's guidance for SQS sources).
   */
  visibilityTimeoutFactor: 6,
  /** The dead-letter queue keeps failed parts for the longest SQS allows, 14 days. */
  deadLetterRetentionSeconds: 14 * 24 * 60 * 60,
} as const;

/** `parts/<jobId>/<index>` */
export function partKey(jobId: string, index: number): string {
  return `${PARTS_PREFIX}${jobId}/${String(index).padStart(6, '0')}`;
}

/**
 * Embedded-metric-format metrics the functions emit (namespace and names shared with the
 * dashboard). Every metric has the single dimension `FunctionName`, the Lambda function's name.
 */
export const METRICS = {
  namespace: 'ServApp',
  dimension: 'FunctionName',
  /** Rows written to the market-data table (Count). */
  rowsStored: 'RowsStored',
  /** Rows refused by validation (Count). */
  rowsRejected: 'RowsRejected',
  /** From the job's creation to its final state (Milliseconds), emitted once per job. */
  jobLatency: 'JobLatency',
} as const;
