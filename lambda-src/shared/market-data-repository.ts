/**
 * Writes market-data rows with BatchWriteItem: 25 items per request, a bounded number of requests in
 * flight, and every UnprocessedItems and throttling answer retried with backoff until written. There
 * is no fixed attempt count while the writer makes progress (a hot partition key slows it down, it
 * does not fail it); only a writer that stores nothing at all for a long while gives up (then the
 * whole ingest fails and is retried; writes are idempotent puts).
 *
 * "Later row wins": a row whose key was already handed out in an earlier batch waits until every
 * batch in flight has finished, so a retried older batch can never land after it.
 */
import { BatchWriteCommand, NumberValue } from '@aws-sdk/lib-dynamodb';
import { MARKET_DATA_KEY } from '../../src/contract';
import { type BackoffOptions, backoffDelay, DEFAULT_BACKOFF, isRetryableError, sleep } from './backoff';
import type { DocumentClient } from './clients';
import type { MarketDataRow } from './row-validator';

/** DynamoDB's limit per BatchWriteItem request. */
export const BATCH_SIZE = 25;

type WriteRequest = { PutRequest: { Item: Record<string, unknown> } };

interface Batch {
  requests: WriteRequest[];
  /** Holds a key written by an earlier batch: wait for the batches in flight first. */
  afterInFlight: boolean;
}

export interface WriteStats {
  requests: number;
  unprocessedRetries: number;
  throttleRetries: number;
}

export function marketDataKey(row: MarketDataRow): string {
  return `${row.symbol}\u0000${row.timestamp}`;
}

export function toItem(row: MarketDataRow): Record<string, unknown> {
  return {
    [MARKET_DATA_KEY.partition]: row.symbol,
    [MARKET_DATA_KEY.sort]: row.timestamp,
    price: NumberValue.from(row.price),
    volume: row.volume,
  };
}

export class MarketDataWriter {
  readonly stats: WriteStats = { requests: 0, unprocessedRetries: 0, throttleRetries: 0 };
  private pending = new Map<string, WriteRequest>();
  private pendingAfterInFlight = false;
  private readonly ready: Batch[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown;
  /** When a request of this writer last stored an item. */
  private lastProgress = Date.now();

  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
    private readonly concurrency: number,
    private readonly backoff: BackoffOptions = DEFAULT_BACKOFF,
  ) {}

  /**
   * Queues a row. `repeat` says its key appeared earlier in the file: it replaces the earlier row if
   * that one is still queued here, and otherwise is ordered after the batches in flight.
   */
  put(row: MarketDataRow, repeat: boolean): void {
    const key = marketDataKey(row);
    const request = { PutRequest: { Item: toItem(row) } };
    if (repeat && this.pending.has(key)) {
      this.pending.set(key, request);
      return;
    }
    if (repeat) this.pendingAfterInFlight = true;
    this.pending.set(key, request);
    if (this.pending.size === BATCH_SIZE) this.seal();
  }

  /** Sends the sealed batches, waiting while the concurrency limit is reached. */
  async pump(): Promise<void> {
    for (let batch = this.ready.shift(); batch !== undefined; batch = this.ready.shift()) {
      if (batch.afterInFlight) await this.settleInFlight();
      while (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
      this.throwIfFailed();
      this.dispatch(batch.requests);
    }
    this.throwIfFailed();
  }

  /** Sends everything queued and waits until it is written. */
  async flush(): Promise<void> {
    if (this.pending.size > 0) this.seal();
    await this.pump();
    await this.settleInFlight();
    this.throwIfFailed();
  }

  private seal(): void {
    this.ready.push({ requests: [...this.pending.values()], afterInFlight: this.pendingAfterInFlight });
    this.pending = new Map();
    this.pendingAfterInFlight = false;
  }

  private async settleInFlight(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  private dispatch(requests: WriteRequest[]): void {
    const write = this.writeBatch(requests).catch((error: unknown) => {
      this.failure ??= error;
    });
    const tracked = write.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  private async writeBatch(initial: WriteRequest[]): Promise<void> {
    let requests = initial;
    // Attempts in a row that wrote nothing, for this batch: the delay grows with them.
    let fruitless = 0;
    for (;;) {
      try {
        this.stats.requests++;
        const result = await this.client.send(
          new BatchWriteCommand({ RequestItems: { [this.table]: requests } }),
        );
        const unprocessed = (result.UnprocessedItems?.[this.table] ?? []) as WriteRequest[];
        if (unprocessed.length < requests.length) this.lastProgress = Date.now();
        if (unprocessed.length === 0) return;
        fruitless = unprocessed.length < requests.length ? 0 : fruitless + 1;
        requests = unprocessed;
        this.stats.unprocessedRetries++;
      } catch (error) {
        if (!isRetryableError(error)) throw error;
        this.stats.throttleRetries++;
        fruitless++;
      }
      // Throttling slows the writer down; it gives up only when no batch of it has written anything
      // for as long as `maxAttempts` full delays (a table that takes nothing at all).
      const stalledMs = Date.now() - this.lastProgress;
      if (
        fruitless >= this.backoff.maxAttempts &&
        stalledMs > this.backoff.maxAttempts * this.backoff.maxDelayMs
      ) {
        throw new Error(
          `BatchWriteItem left ${requests.length} items unwritten: nothing was written for ${Math.round(stalledMs / 1000)} s`,
        );
      }
      await (this.backoff.sleep ?? sleep)(backoffDelay(Math.min(fruitless, 16), this.backoff));
    }
  }
}
