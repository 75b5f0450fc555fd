/**
 * Writes a part's rows, from a given row on, until they are all written or the time budget is spent,
 * and says how far it got: the first row not known to be written. Rows go 25 to a BatchWriteItem,
 * in order; a batch is retried until written, with no fixed attempt count: throttling (an exception,
 * or UnprocessedItems) slows a batch down, and only a real error (validation, access) fails it.
 *
 * Requests in flight follow the table's answers, as TCP's congestion window does: halved when a
 * request is throttled or handed items back, grown by one per window of fully written requests,
 * between 1 and `concurrency`; and every throttled answer pauses all of the worker's requests for a
 * jittered delay that grows while the throttling lasts. Many workers writing one hot partition key so settle on a few requests each instead
 * of a storm of retries that the key refuses (each refused request still costs a round trip). At the deadline every batch stops where it is, and the answer is the
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
  /** Requests in flight to start with (a continuation starts at 1: it was throttled before). */
  initialWindow?: number;
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
  const limit = Math.max(1, options.concurrency);
  let window = Math.min(limit, Math.max(1, options.initialWindow ?? limit));
  let inFlight = 0;
  // Answers in a row (worker-wide) that left items unwritten, and the pause they impose on every
  // lane: the worker as a whole backs off, not each of its requests on its own.
  let congestion = 0;
  let pauseUntil = 0;
  /** Waits for a place in the window and for the pause to pass; false when the deadline came first. */
  const enter = async (): Promise<boolean> => {
    for (;;) {
      const at = now();
      if (at >= options.deadline) return false;
      if (at >= pauseUntil && inFlight < Math.floor(window)) break;
      const wait = at < pauseUntil ? pauseUntil - at : 5;
      await (backoff.sleep ?? sleep)(Math.max(1, Math.min(wait, options.deadline - at)));
    }
    inFlight++;
    return true;
  };
  const throttled = (): void => {
    congestion++;
    window = Math.max(1, window / 2);
    pauseUntil = Math.max(pauseUntil, now() + backoffDelay(Math.min(congestion, 16), backoff));
  };
  const onWritten = (): void => {
    congestion = Math.max(0, congestion - 1);
    window = Math.min(limit, window + 1 / window);
  };

  /** True when the batch is written; false when the deadline came first. */
  const writeBatch = async (initial: WriteRequest[]): Promise<boolean> => {
    let requests = initial;
    for (;;) {
      if (!(await enter())) return false;
      try {
        stats.requests++;
        const result = await options.client.send(
          new BatchWriteCommand({ RequestItems: { [options.table]: requests } }),
        );
        const unprocessed = (result.UnprocessedItems?.[options.table] ?? []) as WriteRequest[];
        if (unprocessed.length === 0) {
          onWritten();
          return true;
        }
        // Items handed back mean the key or the table is at its limit: back off as DynamoDB advises,
        // even when some were written (a quick retry would mostly be handed back again).
        stats.unprocessedRetries++;
        throttled();
        requests = unprocessed;
      } catch (error) {
        if (!isRetryableError(error)) throw error;
        stats.throttleRetries++;
        throttled();
      } finally {
        inFlight--;
      }
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
