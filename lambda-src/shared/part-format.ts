/**
 * The part objects the processor writes for the workers. Rows are already parsed and validated, so a
 * part is plain text, one row a line, fields separated by tabs (no validated field can hold a tab or a
 * line break):
 *
 *   servapp-part 1
 *   <file line>\t<symbol>\t<timestamp>\t<price>\t<volume>
 *
 * The file line is the row's own line number in the uploaded file, kept for tracing a row back.
 * Rows keep the file's order, so within a part the later of two rows with one key is the later line.
 */
import type { MarketDataRow } from './row-validator';

const MAGIC = 'servapp-part 1';

export interface PartRow extends MarketDataRow {
  line: number;
}

export function encodePartRow(row: MarketDataRow, line: number): string {
  return `${line}\t${row.symbol}\t${row.timestamp}\t${row.price}\t${row.volume}\n`;
}

/**
 * A part is written as chunk objects under its key, `<part key>/00000` onwards, each with its own
 * format line, in file order: the planner sends each as soon as it fills.
 */
export function partChunkKey(partKey: string, chunk: number): string {
  return `${partKey}/${String(chunk).padStart(5, '0')}`;
}

export function partHeader(): string {
  return `${MAGIC}\n`;
}

export class PartFormatError extends Error {
  override name = 'PartFormatError';
}

export function decodePart(text: string): PartRow[] {
  const lines = text.split('\n');
  if (lines[0] !== MAGIC) throw new PartFormatError('the part object does not start with its format line');
  const rows: PartRow[] = [];
  for (let index = 1; index < lines.length; index++) {
    const entry = lines[index] ?? '';
    if (entry === '') continue;
    const [line, symbol, timestamp, price, volume, extra] = entry.split('\t');
    if (
      line === undefined ||
      symbol === undefined ||
      timestamp === undefined ||
      price === undefined ||
      volume === undefined ||
      extra !== undefined
    )
      throw new PartFormatError(`part line ${index + 1} does not have 5 fields`);
    rows.push({ line: Number(line), symbol, timestamp, price, volume: Number(volume) });
  }
  return rows;
}

/**
 * The part a key belongs to (FNV-1a over symbol and timestamp): a key always lands in the same part,
 * so "the later row wins" is decided inside one part, in file order.
 */
export function partOf(symbol: string, timestamp: string, parts: number): number {
  let hash = 0x811c9dc5;
  const key = `${symbol}\u0000${timestamp}`;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % parts;
}
