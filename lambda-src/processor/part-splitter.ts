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

/**
 * A part's filling chunk, as bytes: every field of a part row is ASCII (validated symbols,
 * timestamps, decimals and integers), so a row is copied straight into the chunk's Buffer, with no
 * string kept per row (a million small live strings cost the planner more than the rows' bytes).
 */
class PartBuffer {
  rows = 0;
  chunks = 0;
  bytes: Buffer;
  used = 0;

  constructor(private readonly size: number) {
    this.bytes = PartBuffer.fresh(size);
  }

  static fresh(size: number): Buffer {
    const bytes = Buffer.allocUnsafe(size);
    bytes.write(HEADER, 0, 'latin1');
    return bytes;
  }

  /** False when the row does not fit: seal the chunk first. */
  add(text: string): boolean {
    if (HEADER.length + this.used + text.length > this.bytes.length) return false;
    this.bytes.write(text, HEADER.length + this.used, 'latin1');
    this.used += text.length;
    this.rows++;
    return true;
  }

  /** The filled chunk, handed out; the buffer starts again empty. */
  take(): Buffer {
    const chunk = this.bytes.subarray(0, HEADER.length + this.used);
    this.bytes = PartBuffer.fresh(this.size);
    this.used = 0;
    this.chunks++;
    return chunk;
  }
}

const HEADER = partHeader();
/** Room for the longest part row (16-character symbol, 18-digit volume, a line number past 2^31). */
const MAX_ROW_BYTES = 160;

export interface PlannedPart {
  /** The part's index, as in its key and message (its hash bucket: empty buckets are skipped). */
  part: number;
  rows: number;
  chunks: number;
}

export class PartSplitter implements RowSink {
  private readonly parts: (PartBuffer | undefined)[];
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown;

  constructor(
    readonly partCount: number,
    private readonly write: ChunkWriter,
    private readonly chunkBytes = DEFAULT_CHUNK_BYTES,
  ) {
    // Buffers are made for parts as their first row comes: a part no row hashes to costs nothing.
    this.parts = new Array(partCount);
  }

  put(row: MarketDataRow, _repeat: boolean, line: number): void {
    const index = partOf(row.symbol, row.timestamp, this.partCount);
    let part = this.parts[index];
    if (part === undefined) {
      part = new PartBuffer(Math.max(this.chunkBytes, HEADER.length + MAX_ROW_BYTES));
      this.parts[index] = part;
    }
    const text = encodePartRow(row, line);
    if (!part.add(text)) {
      this.seal(index, part);
      part.add(text);
    }
  }

  async pump(): Promise<void> {
    while (this.inFlight.size >= CHUNKS_IN_FLIGHT) await Promise.race(this.inFlight);
    if (this.failure !== undefined) throw this.failure;
  }

  async flush(): Promise<void> {
    for (const [index, part] of this.parts.entries()) {
      if (part === undefined || part.used === 0) continue;
      this.seal(index, part);
      await this.pump();
    }
    await Promise.all(this.inFlight);
    if (this.failure !== undefined) throw this.failure;
  }

  async abandon(): Promise<void> {
    for (const part of this.parts) if (part) part.used = 0;
    await Promise.allSettled(this.inFlight);
  }

  /** The parts that hold rows, in index order (call after `flush`). */
  planned(): PlannedPart[] {
    const planned: PlannedPart[] = [];
    for (const [part, buffer] of this.parts.entries())
      if (buffer !== undefined && buffer.rows > 0)
        planned.push({ part, rows: buffer.rows, chunks: buffer.chunks });
    return planned;
  }

  private seal(index: number, part: PartBuffer): void {
    const chunk = part.chunks;
    const upload = this.write(index, chunk, part.take()).catch((error: unknown) => {
      this.failure ??= error;
    });
    const tracked = upload.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }
}
