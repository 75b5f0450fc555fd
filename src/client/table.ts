/** Stored rows as a readable, aligned text table (prices keep every digit). */
import type { MarketDataItem } from '../contract/index.js';

export function resultsTable(items: readonly MarketDataItem[]): string {
  const header = ['SYMBOL', 'TIMESTAMP (UTC)', 'PRICE', 'VOLUME'];
  const rows = items.map((item) => [item.symbol, item.timestamp, item.price, String(item.volume)]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]?.length ?? 0)));
  // Numbers align right, text left.
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i >= 2 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
