/**
 * Writes a part's rows, from a given row on, until they are all written or the time budget is spent,
 * and says how far it got: the first row not known to be written. Rows go 25 to a BatchWriteItem,
 * `concurrency` requests at once, in order; a batch is retried until written, with no fixed attempt
 * count: throttling (an exception, or UnprocessedItems) slows a batch down, and only a real error
 * (validation, access) fails it. At the deadline every batch stops where it is, and the answer is the
 * end of the longest run of written batches from the start. Rows past it may be written again by the
 * continuation: they are idempotent puts of the same values, each key once in a part.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  type BackoffOptions,
  backoffDelay,
  DEFAULT_BACKOFF,
  isRetryableError,
  sleep,
} from '../shared/backoff';
import type { DocumentClient } from '../shared/clients';
import { BATCH_SIZE, toItem, type WriteStats } from '../shared/market-data-repository';
import type { MarketDataRow } from '../shared/row-validator';

type WriteRequest = { PutRequest: { Item: Record<string, unknown> } };

export interface PartWriterOptions {
  client: DocumentClient;
  table: string;
  concurrency: number;
  /** `Date.now()` past which no request is sent. */
  deadline: number;
  /** Delays between retries (its `maxAttempts` is not used: the deadline bounds the retries). */
  backoff?: BackoffOptions;
  now?: () => number;
}

export async function writeRowsUntil(
  rows: readonly MarketDataRow[],
  from: number,
  options: PartWriterOptions,
  stats: WriteStats,
): Promise<number> {
  const now = options.now ?? Date.now;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const batches = Math.ceil((rows.length - from) / BATCH_SIZE);
  const written = new Uint8Array(batches);
  let next = 0;
  let out = false;

  /** True when the batch is written; false when the deadline came first. */
  const writeBatch = async (initial: WriteRequest[]): Promise<boolean> => {
    let requests = initial;
    // Attempts in a row that wrote nothing: the delay grows with them and falls back on progress.
    let fruitless = 0;
    for (;;) {
      if (now() >= options.deadline) return false;
      let left = requests.length;
      try {
        stats.requests++;
        const result = await options.client.send(
          new BatchWriteCommand({ RequestItems: { [options.table]: requests } }),
        );
        const unprocessed = (result.UnprocessedItems?.[options.table] ?? []) as WriteRequest[];
        if (unprocessed.length === 0) return true;
        stats.unprocessedRetries++;
        left = unprocessed.length;
        fruitless = left < requests.length ? 0 : fruitless + 1;
        requests = unprocessed;
      } catch (error) {
        if (!isRetryableError(error)) throw error;
        stats.throttleRetries++;
        fruitless++;
      }
      const delay = backoffDelay(Math.min(fruitless, 16), backoff);
      const remaining = options.deadline - now();
      if (remaining <= 0) return false;
      await (backoff.sleep ?? sleep)(Math.min(delay, remaining));
    }
  };

  const lane = async (): Promise<void> => {
    while (!out) {
      const batch = next++;
      if (batch >= batches) return;
      const start = from + batch * BATCH_SIZE;
      const requests = rows
        .slice(start, start + BATCH_SIZE)
        .map((row): WriteRequest => ({ PutRequest: { Item: toItem(row) } }));
      try {
        if (await writeBatch(requests)) written[batch] = 1;
        else out = true;
      } catch (error) {
        // A real error: the other lanes stop too, so the part fails as a whole, at once.
        out = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, lane));
  let done = 0;
  while (done < batches && written[done] === 1) done++;
  return Math.min(rows.length, from + done * BATCH_SIZE);
}
