/**
 * Splits a file's valid rows into parts while the file is read: every row goes to the part its key
 * hashes to, in file order, with its file line number, and a part is written as a run of small chunk
 * objects (`<part key>/<chunk>`), each sent as soon as it fills. The planner so holds at most one
 * filling chunk per part plus the few uploading: its memory does not grow with the file (holding
 * whole parts cost about the file's size in Buffers, 1.5 GiB of a 3 GiB Lambda for a 1 GiB file).
 */

import { encodePartRow, partHeader, partOf } from '../shared/part-format';
import type { MarketDataRow } from '../shared/row-validator';
import type { RowSink } from './ingest';

/** Where chunks go: `put(part, chunk, body)` writes one chunk object. */
export type ChunkWriter = (part: number, chunk: number, body: Buffer) => Promise<void>;

/**
 * 256 KiB a chunk: 342 parts of a 1 GiB file fill at most 86 MiB at once, and a 3 MiB part is a
 * dozen objects (S3 requests are cheap next to a worker's time).
 */
export const DEFAULT_CHUNK_BYTES = 256 * 1024;
/** Chunk uploads at once; the reading of the file waits (backpressure) while they are all busy. */
const CHUNKS_IN_FLIGHT = 8;

class PartBuffer {
  rows = 0;
  chunks = 0;
  bytes = 0;
  pending: string[] = [];
}

export interface PlannedPart {
  /** The part's index, as in its key and message (its hash bucket: empty buckets are skipped). */
  part: number;
  rows: number;
  chunks: number;
}

export class PartSplitter implements RowSink {
  private readonly parts: PartBuffer[];
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown;

  constructor(
    readonly partCount: number,
    private readonly write: ChunkWriter,
    private readonly chunkBytes = DEFAULT_CHUNK_BYTES,
  ) {
    this.parts = Array.from({ length: partCount }, () => new PartBuffer());
  }

  put(row: MarketDataRow, _repeat: boolean, line: number): void {
    const index = partOf(row.symbol, row.timestamp, this.partCount);
    const part = this.parts[index];
    if (part === undefined) return;
    const text = encodePartRow(row, line);
    part.rows++;
    part.pending.push(text);
    part.bytes += text.length;
    if (part.bytes >= this.chunkBytes) this.seal(index, part);
  }

  async pump(): Promise<void> {
    while (this.inFlight.size >= CHUNKS_IN_FLIGHT) await Promise.race(this.inFlight);
    if (this.failure !== undefined) throw this.failure;
  }

  async flush(): Promise<void> {
    for (const [index, part] of this.parts.entries()) {
      if (part.pending.length > 0) this.seal(index, part);
      await this.pump();
    }
    await Promise.all(this.inFlight);
    if (this.failure !== undefined) throw this.failure;
  }

  async abandon(): Promise<void> {
    for (const part of this.parts) part.pending = [];
    await Promise.allSettled(this.inFlight);
  }

  /** The parts that hold rows, in index order (call after `flush`). */
  planned(): PlannedPart[] {
    const planned: PlannedPart[] = [];
    for (const [part, buffer] of this.parts.entries())
      if (buffer.rows > 0) planned.push({ part, rows: buffer.rows, chunks: buffer.chunks });
    return planned;
  }

  private seal(index: number, part: PartBuffer): void {
    const body = Buffer.from(partHeader() + part.pending.join(''));
    part.pending = [];
    part.bytes = 0;
    const upload = this.write(index, part.chunks++, body).catch((error: unknown) => {
      this.failure ??= error;
    });
    const tracked = upload.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }
}
