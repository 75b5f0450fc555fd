/** Limits and formats shared by the gateway, the functions and the tests. One place each. */

export const MIB = 1024 * 1024;

export const LIMITS = {
  /** The largest CSV file a presigned POST accepts (content-length-range). */
  maxUploadBytes: 1024 * MIB,
  /** How long a presigned POST stays valid. */
  uploadUrlTtlSeconds: 900,
  /** Rows above this fail the job rather than run the processor out of time. */
  maxRowsPerFile: 20_000_000,
  /**
   * Processing attempts per job: the first plus the 2 asynchronous retries the template sets. The
   * processor fails a job on its last attempt instead of leaving it PROCESSING for ever.
   */
  processorMaxAttempts: 3,
  /** Rejected rows reported on the job record; the full list goes to the report object. */
  maxErrorsOnJob: 100,
  /** `GET /results` page sizes. */
  resultsDefaultLimit: 100,
  resultsMaxLimit: 1000,
  fileNameMaxLength: 255,
  /** Volumes are JSON numbers in responses: above this a client's JSON parser would round them. */
  maxVolume: Number.MAX_SAFE_INTEGER,
  /** Jobs are kept this long after their last update (DynamoDB TTL). */
  jobRetentionDays: 90,
} as const;

/** Upper-cased symbol: 1-16 of A-Z, 0-9, dot and dash. */
export const SYMBOL_PATTERN = /^[A-Z0-9.-]{1,16}$/;
/** Job ids are UUIDs (lower case). */
export const JOB_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Prices: positive decimals with up to 8 places. */
export const PRICE_PATTERN = /^(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,8})?$/;
/** Volumes: non-negative integers. */
export const VOLUME_PATTERN = /^(?:0|[1-9][0-9]{0,17})$/;
