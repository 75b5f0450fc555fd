/** The rejected-rows report: every refused row with its line, reason and original text, as CSV. */
import type { RejectedRow } from './row-collector';

/**
 * Analysts open this report in spreadsheets, and the rows in it are the hostile ones: a cell that
 * starts with = + - @ (or a tab or carriage return) would run as a formula. A leading apostrophe
 * makes a spreadsheet show it as text (the OWASP advice for CSV injection).
 */
function neutralise(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function cell(value: string): string {
  return `"${neutralise(value).replace(/"/g, '""')}"`;
}

export function rejectedRowsCsv(rows: readonly RejectedRow[]): string {
  const lines = ['line,reason,record'];
  for (const row of rows) lines.push(`${row.line},${cell(row.reason)},${cell(row.raw)}`);
  return `${lines.join('\r\n')}\r\n`;
}
