/**
 * The environment variables each function reads: the template sets exactly these and the
 * handlers read exactly these, so a name cannot drift between the two.
 */

export const ENV = {
  jobsTable: 'JOBS_TABLE',
  marketDataTable: 'MARKET_DATA_TABLE',
  uploadBucket: 'UPLOAD_BUCKET',
  maxUploadBytes: 'MAX_UPLOAD_BYTES',
  uploadUrlTtlSeconds: 'UPLOAD_URL_TTL_SECONDS',
  maxRowsPerFile: 'MAX_ROWS_PER_FILE',
  writeConcurrency: 'WRITE_CONCURRENCY',
  /**
   * The processor sends part messages here when a file is larger than one part; a worker sends the
   * rest of a part here when its time budget runs out.
   */
  partsQueueUrl: 'PARTS_QUEUE_URL',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];

export const FUNCTION_NAMES = ['upload', 'processor', 'status', 'results', 'worker'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

export const FUNCTION_ENV: Readonly<Record<FunctionName, readonly EnvName[]>> = {
  upload: [ENV.jobsTable, ENV.uploadBucket, ENV.maxUploadBytes, ENV.uploadUrlTtlSeconds],
  processor: [
    ENV.jobsTable,
    ENV.marketDataTable,
    ENV.uploadBucket,
    ENV.maxRowsPerFile,
    ENV.writeConcurrency,
    ENV.partsQueueUrl,
  ],
  status: [ENV.jobsTable],
  results: [ENV.marketDataTable],
  worker: [ENV.jobsTable, ENV.marketDataTable, ENV.uploadBucket, ENV.writeConcurrency, ENV.partsQueueUrl],
};
