/**
 * ISO-8601 timestamps with an offset or `Z`, normalised to UTC `YYYY-MM-DDTHH:MM:SS.fffZ`.
 * Milliseconds are always written: with them optional, `…:00Z` would sort after `…:00.500Z`
 * (`Z` > `.`), and the table's sort key would no longer be time order.
 *
 * Hand-written rather than a regular expression plus `Date`: this runs once per CSV row and is
 * most of the validation cost.
 */

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The stored form, for validating values read back (pagination tokens). */
export const STORED_TIMESTAMP_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Returns the normalised UTC timestamp, or `undefined` when the text is not an accepted timestamp. */
export function normaliseTimestamp(text: string): string | undefined {
  const n = text.length;
  // YYYY-MM-DDTHH:MM:SS is 19 characters; Z or an offset must follow.
  if (n < 20 || n > 35) return undefined;
  if (
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58
  )
    return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return undefined;
  if (minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  const monthDays = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (day > monthDays) return undefined;

  let pos = 19;
  let millis = '000';
  if (text.charCodeAt(pos) === 46) {
    const start = pos + 1;
    pos = start;
    while (pos < n && text.charCodeAt(pos) >= 48 && text.charCodeAt(pos) <= 57) pos++;
    const count = pos - start;
    // Finer than milliseconds would be truncated into the same sort key: refuse it instead.
    if (count < 1 || count > 3) return undefined;
    millis = text.slice(start, pos) + '00'.slice(0, 3 - count);
  }

  const zone = text.charCodeAt(pos);
  if (zone === 90) {
    if (pos + 1 !== n) return undefined;
    // Already in stored form: hand back the input itself, no new string to build and flatten.
    if (n === 24) return text;
    return `${text.slice(0, 19)}.${millis}Z`;
  }
  if (zone !== 43 && zone !== 45) return undefined;
  // ±HH:MM or ±HHMM
  const compact = n - pos === 5;
  if (!compact && (n - pos !== 6 || text.charCodeAt(pos + 3) !== 58)) return undefined;
  const offsetHours = digits(text, pos + 1, 2);
  const offsetMinutes = digits(text, compact ? pos + 3 : pos + 4, 2);
  if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) return undefined;
  const offset = (offsetHours * 60 + offsetMinutes) * (zone === 43 ? 1 : -1);
  if (offset === 0) return `${text.slice(0, 19)}.${millis}Z`;

  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute - offset, second, Number(millis));
  const utcYear = date.getUTCFullYear();
  if (utcYear < 0 || utcYear > 9999) return undefined;
  return date.toISOString();
}

/**
 * Milliseconds since the epoch of a timestamp in stored form, by arithmetic on its digits
 * (days-from-civil): a number to key on without keeping a string per row alive.
 */
export function storedTimestampMillis(stored: string): number {
  let year = digits(stored, 0, 4);
  const month = digits(stored, 5, 2);
  const day = digits(stored, 8, 2);
  year -= month <= 2 ? 1 : 0;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  const days = era * 146_097 + dayOfEra - 719_468;
  const seconds = digits(stored, 11, 2) * 3600 + digits(stored, 14, 2) * 60 + digits(stored, 17, 2);
  return (days * 86_400 + seconds) * 1000 + digits(stored, 20, 3);
}
