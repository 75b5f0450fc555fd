/** The rejected-rows report: every refused row with its line, reason and original text, as CSV. */
import type { RejectedRow } from './row-collector';

function quote(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

export function rejectedRowsCsv(rows: readonly RejectedRow[]): string {
  const lines = ['line,reason,record'];
  for (const row of rows) lines.push(`${row.line},${quote(row.reason)},${quote(row.raw)}`);
  return `${lines.join('\r\n')}\r\n`;
}
