/** Request and response bodies of the API. */
import type { JobStatus } from './storage.js';

export interface UploadRequest {
  fileName: string;
  fileType: 'csv';
  /** The size the client intends to send; refused early when over the limit. */
  contentLength?: number;
}

export interface UploadResponse {
  jobId: string;
  upload: { url: string; fields: Record<string, string> };
  /** ISO-8601 time after which the presigned POST is refused. */
  expiresAt: string;
}

export interface RowError {
  line: number;
  reason: string;
}

export interface StatusResponse {
  jobId: string;
  status: JobStatus;
  fileName: string;
  rowsTotal: number;
  rowsStored: number;
  rowsRejected: number;
  rowsDuplicate: number;
  errors: RowError[];
  /** Parts the file was split into for the workers; 0 while planning and for a file of one part. */
  partsTotal: number;
  partsDone: number;
  /** Parts that exhausted their retries and went to the dead-letter queue. */
  partsFailed: number;
  /** Rows written so far (by the finished parts); equals rowsStored once the job is final. */
  rowsSoFar: number;
  /** Why a FAILED job failed. */
  failureReason?: string;
  /** 0 to 1: reading the file is the first tenth, storing its rows the rest; 1 once final. */
  progress?: number;
  /** Estimated seconds left, from the pace rows have been stored at so far (a fanned-out file). */
  secondsLeft?: number;
  createdAt: string;
  updatedAt: string;
}

export interface MarketDataItem {
  symbol: string;
  /** UTC, `YYYY-MM-DDTHH:MM:SS[.fff]Z`. */
  timestamp: string;
  /** Exact decimal, as a string. */
  price: string;
  volume: number;
}

export interface ResultsResponse {
  symbol: string;
  items: MarketDataItem[];
  nextToken?: string;
}
