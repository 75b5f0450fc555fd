/** Exponential backoff with full jitter, bounded: retries spread out instead of arriving in step. */

export interface BackoffOptions {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_BACKOFF: BackoffOptions = { maxAttempts: 10, baseDelayMs: 25, maxDelayMs: 2_000 };

export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.floor((options.random ?? Math.random)() * ceiling);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const RETRYABLE_ERRORS = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'ECONNRESET',
]);

/** Throttling, server-side and connection errors; a validation error would fail again the same way. */
export function isRetryableError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (RETRYABLE_ERRORS.has(error.name)) return true;
  const details = error as Error & {
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
    code?: string;
  };
  if (details.$retryable) return true;
  if (details.code !== undefined && RETRYABLE_ERRORS.has(details.code)) return true;
  return (details.$metadata?.httpStatusCode ?? 0) >= 500;
}
