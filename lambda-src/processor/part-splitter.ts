/**
 * Splits a file's valid rows into part objects: every row goes to the part its key hashes to, in file
 * order, with its file line number. Rows are packed into byte chunks as they come (a chunk per part
 * every few thousand rows), so the planner holds compact bytes rather than one string per row.
 */

import { encodePartRow, partHeader, partOf } from '../shared/part-format';
import type { MarketDataRow } from '../shared/row-validator';
import type { RowSink } from './ingest';

const ROWS_PER_CHUNK = 4096;

class PartBuffer {
  rows = 0;
  private pending: string[] = [];
  private readonly chunks: Buffer[] = [Buffer.from(partHeader())];

  add(text: string): void {
    this.rows++;
    this.pending.push(text);
    if (this.pending.length === ROWS_PER_CHUNK) this.pack();
  }

  /** The part's bytes; its chunks are let go, so the planner holds each part only once. */
  take(): Buffer {
    this.pack();
    const body = Buffer.concat(this.chunks);
    this.chunks.length = 0;
    return body;
  }

  private pack(): void {
    if (this.pending.length === 0) return;
    this.chunks.push(Buffer.from(this.pending.join('')));
    this.pending = [];
  }
}

export class PartSplitter implements RowSink {
  private readonly parts: PartBuffer[];

  constructor(readonly partCount: number) {
    this.parts = Array.from({ length: partCount }, () => new PartBuffer());
  }

  put(row: MarketDataRow, _repeat: boolean, line: number): void {
    this.parts[partOf(row.symbol, row.timestamp, this.partCount)]?.add(encodePartRow(row, line));
  }

  async pump(): Promise<void> {}

  async flush(): Promise<void> {}

  /** Rows in each part that holds any, in hash order; these are parts 0..n-1 (an empty part is not sent). */
  partRows(): number[] {
    return this.parts.filter((part) => part.rows > 0).map((part) => part.rows);
  }

  /** The bytes of the parts that hold rows, in the order of `partRows`, each handed out once. */
  *takeParts(): Generator<Buffer> {
    for (const part of this.parts) if (part.rows > 0) yield part.take();
  }
}
