/**
 * Streams one uploaded object through the parser into the writer: chunk by chunk, never the whole
 * file in memory, and the next chunk is read only once the writer has room (backpressure).
 */
import { LIMITS } from '../../src/contract';
import { CsvStreamParser } from '../shared/csv-parser';
import type { MarketDataRow } from '../shared/row-validator';
import {
  EMPTY_FILE_REASON,
  FileRejectedError,
  type IngestCounts,
  type RejectedRow,
  RowCollector,
} from './row-collector';

/** Where valid rows go: straight to the table (one part) or into part objects (fan-out). */
export interface RowSink {
  put(row: MarketDataRow, repeat: boolean, line: number): void;
  /** Lets queued work proceed before the next chunk is read (backpressure). */
  pump(): Promise<void>;
  flush(): Promise<void>;
  /** The file was refused: stop, write nothing more (a sink without it flushes instead). */
  abandon?(): Promise<void>;
}

export interface IngestResult extends IngestCounts {
  collector: RowCollector;
  /** Set when the file as a whole was refused (bad header, not text, too many rows). */
  failureReason?: string;
}

/** Where rejected rows go as they come: the streamed report (`RejectedRowsReport`). */
export interface RejectedRowsSink {
  add(row: RejectedRow): void;
  pump(): Promise<void>;
}

export interface IngestOptions {
  maxRows?: number;
  report?: RejectedRowsSink;
  /** Called after each chunk read, with the bytes read so far and the counts (progress). */
  onProgress?: (bytesRead: number, counts: IngestCounts) => Promise<void>;
}

const NOT_TEXT_REASON = 'the file is not CSV text (it is not UTF-8 or holds NUL bytes)';

export async function ingest(
  body: AsyncIterable<Uint8Array>,
  writer: RowSink,
  options: IngestOptions = {},
): Promise<IngestResult> {
  const { maxRows = LIMITS.maxRowsPerFile, report, onProgress } = options;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const collector: RowCollector = new RowCollector(
    (row, repeat, line) => writer.put(row, repeat, line),
    () => parser.lastRaw(),
    maxRows,
    report ? (row) => report.add(row) : undefined,
  );
  const parser = new CsvStreamParser(collector);
  const decode = (chunk?: Uint8Array): string => {
    try {
      return chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
    } catch {
      throw new FileRejectedError(NOT_TEXT_REASON);
    }
  };
  try {
    let first = true;
    let bytesRead = 0;
    for await (const chunk of body) {
      bytesRead += chunk.byteLength;
      const text = decode(chunk);
      // A binary file shows itself in its first bytes; later NULs would fail validation row by row.
      if (first && text.length > 0) {
        first = false;
        if (text.includes('\u0000')) throw new FileRejectedError(NOT_TEXT_REASON);
      }
      parser.write(text);
      await writer.pump();
      await report?.pump();
      await onProgress?.(bytesRead, collector.counts());
    }
    parser.write(decode());
    parser.end();
    if (!collector.headerSeen) throw new FileRejectedError(EMPTY_FILE_REASON);
    await writer.flush();
    return { ...collector.counts(), collector };
  } catch (error) {
    if (!(error instanceof FileRejectedError)) throw error;
    // Straight to the table, rows already queued are still written: they are valid, and a later
    // upload may rely on them. Parts are abandoned: a refused file leaves none behind.
    if (writer.abandon) await writer.abandon();
    else await writer.flush();
    return { ...collector.counts(), collector, failureReason: error.message };
  }
}
