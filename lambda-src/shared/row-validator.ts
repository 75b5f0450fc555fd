/**
 * The CSV rules for market-data rows: the header and each row. Validation returns a reason in
 * words a person uploading the file understands; the processor reports it with the line number.
 */
import { LIMITS } from '../../src/contract';
import { parsePrice } from './decimal';
import { normaliseSymbol } from './symbol';
import { normaliseTimestamp } from './timestamp';
import { parseVolume } from './volume';

export const REQUIRED_COLUMNS = ['symbol', 'timestamp', 'price', 'volume'] as const;
export type RequiredColumn = (typeof REQUIRED_COLUMNS)[number];

/** Where each required column sits in a row, and how many fields every row must have. */
export type ColumnMap = Readonly<Record<RequiredColumn, number>> & { readonly width: number };

export interface MarketDataRow {
  symbol: string;
  /** UTC, `YYYY-MM-DDTHH:MM:SS.fffZ`. */
  timestamp: string;
  /** Canonical decimal string, never a float. */
  price: string;
  volume: number;
}

export type HeaderResult = { ok: true; columns: ColumnMap } | { ok: false; reason: string };

/** Header names are matched case-insensitively, in any order; extra columns are ignored. */
export function readHeader(fields: readonly string[]): HeaderResult {
  const found = new Map<string, number>();
  for (const [index, field] of fields.entries()) {
    const name = field.trim().toLowerCase();
    if (!(REQUIRED_COLUMNS as readonly string[]).includes(name)) continue;
    if (found.has(name)) return { ok: false, reason: `the header names the column "${name}" twice` };
    found.set(name, index);
  }
  const missing = REQUIRED_COLUMNS.filter((name) => !found.has(name));
  if (missing.length > 0) {
    return {
      ok: false,
      reason: `the header lacks ${missing.join(', ')}; it must name ${REQUIRED_COLUMNS.join(', ')}`,
    };
  }
  return {
    ok: true,
    columns: {
      symbol: found.get('symbol') ?? 0,
      timestamp: found.get('timestamp') ?? 0,
      price: found.get('price') ?? 0,
      volume: found.get('volume') ?? 0,
      width: fields.length,
    },
  };
}

/** A valid row, or the reason it is rejected. */
export function validateRow(fields: readonly string[], columns: ColumnMap): MarketDataRow | string {
  if (fields.length !== columns.width)
    return `expected ${columns.width} fields as in the header, found ${fields.length}`;
  const symbol = normaliseSymbol(fields[columns.symbol] ?? '');
  if (symbol === undefined) return 'symbol must be 1-16 characters of A-Z, 0-9, "." and "-"';
  const timestamp = normaliseTimestamp(fields[columns.timestamp] ?? '');
  if (timestamp === undefined)
    return 'timestamp must be ISO-8601 with seconds, at most 3 decimals and an offset or Z';
  const price = parsePrice(fields[columns.price] ?? '');
  if (price === undefined) return 'price must be a positive decimal with at most 8 decimal places';
  const volume = parseVolume(fields[columns.volume] ?? '');
  if (volume === undefined) return `volume must be a whole number from 0 to ${LIMITS.maxVolume}`;
  return { symbol, timestamp, price, volume };
}
