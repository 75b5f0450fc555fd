/**
 * The keys (symbol + timestamp) seen so far in one file, to count duplicates exactly, in memory that
 * no V8 limit caps. A Set of 1M "symbol|timestamp" strings costs ~700 ns a row, and a Set or Map
 * holds at most 2^24 entries (a 17M-row file of one symbol in random order overflowed one). Here a
 * timestamp is its epoch milliseconds: market data arrives in time order per symbol, so most keys
 * append to a growing Float64Array (one comparison); a key earlier than the last is looked up there
 * by binary search and kept, if new, in an open-addressing hash table of its own (typed arrays, no
 * object per key), which grows without any entry limit. A shuffled file costs a hash probe a row
 * instead of a comparison: more, but nowhere near an order of magnitude.
 *
 * Symbols go in Maps of at most 2^23 entries each, a new one opened when the last is full, so even
 * a file of more distinct symbols than a Map can hold is counted.
 */
import { storedTimestampMillis } from '../shared/timestamp';

/** A set of epoch milliseconds (integers within ±2^53) in one Float64Array; NaN marks a free slot. */
export class MillisHashSet {
  private slots = new Float64Array(1024).fill(Number.NaN);
  private mask = 1023;
  size = 0;

  /** False when it was already there. */
  add(millis: number): boolean {
    let at = this.home(millis);
    for (;;) {
      const probe = this.slots[at] ?? Number.NaN;
      if (probe === millis) return false;
      if (Number.isNaN(probe)) break;
      at = (at + 1) & this.mask;
    }
    this.slots[at] = millis;
    this.size++;
    // At half full, probes stay short; doubling keeps the amortised cost per key constant.
    if (this.size * 2 > this.slots.length) this.grow();
    return true;
  }

  has(millis: number): boolean {
    let at = this.home(millis);
    for (;;) {
      const probe = this.slots[at] ?? Number.NaN;
      if (probe === millis) return true;
      if (Number.isNaN(probe)) return false;
      at = (at + 1) & this.mask;
    }
  }

  private home(millis: number): number {
    const low = millis >>> 0;
    const high = Math.floor(millis / 4_294_967_296) | 0;
    return (Math.imul(low ^ Math.imul(high, 0x85ebca6b), 0x9e3779b1) >>> 7) & this.mask;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2).fill(Number.NaN);
    this.mask = this.slots.length - 1;
    this.size = 0;
    for (const millis of old) if (!Number.isNaN(millis)) this.add(millis);
  }
}

class SymbolKeys {
  /** Strictly increasing, the first `length` entries. */
  ordered = new Float64Array(16);
  length = 0;
  late: MillisHashSet | undefined;

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
    if (this.includesOrdered(millis)) return false;
    this.late ??= new MillisHashSet();
    return this.late.add(millis);
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

/** Half of V8's 2^24 entries per Map: far from the limit, and few Maps for any file. */
const SYMBOLS_PER_MAP = 2 ** 23;

export class SeenKeys {
  private readonly bySymbol: Map<string, SymbolKeys>[] = [new Map()];
  private lastSymbol = '';
  private last: SymbolKeys | undefined;
  private count = 0;

  /** Distinct keys added. */
  get size(): number {
    return this.count;
  }

  /** Distinct symbols seen. */
  get symbols(): number {
    let symbols = 0;
    for (const map of this.bySymbol) symbols += map.size;
    return symbols;
  }

  /** Adds the key (timestamp in stored form); false when it was already there. */
  add(symbol: string, timestamp: string): boolean {
    let keys = symbol === this.lastSymbol ? this.last : undefined;
    if (keys === undefined) {
      keys = this.keysOf(symbol);
      this.lastSymbol = symbol;
      this.last = keys;
    }
    if (!keys.add(storedTimestampMillis(timestamp))) return false;
    this.count++;
    return true;
  }

  private keysOf(symbol: string): SymbolKeys {
    for (const map of this.bySymbol) {
      const keys = map.get(symbol);
      if (keys !== undefined) return keys;
    }
    let open = this.bySymbol[this.bySymbol.length - 1] ?? new Map<string, SymbolKeys>();
    if (open.size >= SYMBOLS_PER_MAP) {
      open = new Map();
      this.bySymbol.push(open);
    }
    const keys = new SymbolKeys();
    open.set(symbol, keys);
    return keys;
  }
}
