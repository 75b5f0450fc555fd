/**
 * The keys (symbol + timestamp) seen so far in one file, to count duplicates exactly. A Set of 1M
 * "symbol|timestamp" strings costs ~700 ns a row (hashing, rehashing, and the garbage collector
 * moving a million live strings), more than parsing and validating the row. Here a timestamp is kept
 * as its epoch milliseconds in a growing Float64Array per symbol: no object per row at all. Market
 * data arrives in time order per symbol, so that array only grows at the end (one comparison); a row
 * out of order is looked up by binary search, and only rows both late and new go to a small Set.
 */
import { storedTimestampMillis } from '../shared/timestamp';

class SymbolKeys {
  /** Strictly increasing, the first `length` entries. */
  ordered = new Float64Array(1024);
  length = 0;
  late: Set<number> | undefined;

  add(millis: number): boolean {
    const n = this.length;
    if (n === 0 || millis > (this.ordered[n - 1] ?? 0)) {
      if (n === this.ordered.length) {
        const grown = new Float64Array(n * 2);
        grown.set(this.ordered);
        this.ordered = grown;
      }
      this.ordered[n] = millis;
      this.length = n + 1;
      return true;
    }
    if (this.includesOrdered(millis) || this.late?.has(millis)) return false;
    this.late ??= new Set();
    this.late.add(millis);
    return true;
  }

  private includesOrdered(millis: number): boolean {
    let low = 0;
    let high = this.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const probe = this.ordered[middle] ?? 0;
      if (probe === millis) return true;
      if (probe < millis) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }
}

export class SeenKeys {
  private readonly bySymbol = new Map<string, SymbolKeys>();
  private lastSymbol = '';
  private last: SymbolKeys | undefined;
  private count = 0;

  /** Distinct keys added. */
  get size(): number {
    return this.count;
  }

  /** Adds the key (timestamp in stored form); false when it was already there. */
  add(symbol: string, timestamp: string): boolean {
    let keys = symbol === this.lastSymbol ? this.last : undefined;
    if (keys === undefined) {
      keys = this.bySymbol.get(symbol);
      if (keys === undefined) {
        keys = new SymbolKeys();
        this.bySymbol.set(symbol, keys);
      }
      this.lastSymbol = symbol;
      this.last = keys;
    }
    if (!keys.add(storedTimestampMillis(timestamp))) return false;
    this.count++;
    return true;
  }
}
