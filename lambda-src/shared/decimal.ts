/**
 * Prices stay decimal strings from the CSV to DynamoDB (as an N attribute) and back: a JavaScript
 * number would turn 0.1 + 0.2 into 0.30000000000000004 and round 17-digit prices.
 */

const MAX_INTEGER_DIGITS = 15;
const MAX_FRACTION_DIGITS = 8;

/**
 * A price as its canonical decimal string, or `undefined` when it is not a positive decimal with at
 * most 8 places (the contract's PRICE_PATTERN, and not zero). Trailing fractional zeros are dropped,
 * so `1.50` and `1.5` are the same price, which is also how DynamoDB normalises numbers.
 *
 * A character loop rather than the pattern: this runs once per CSV row. A test holds the two equal.
 */
export function parsePrice(text: string): string | undefined {
  const n = text.length;
  if (n === 0) return undefined;
  let pos = 0;
  let nonZero = false;
  const first = text.charCodeAt(0);
  if (first === 48) {
    pos = 1;
  } else {
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c < 48 || c > 57) break;
      pos++;
    }
    if (pos === 0 || pos > MAX_INTEGER_DIGITS) return undefined;
    nonZero = true;
  }
  if (pos === n) return nonZero ? text : undefined;
  if (text.charCodeAt(pos) !== 46) return undefined;
  const point = pos;
  // The canonical end: just after the last non-zero fractional digit, or before the point.
  let end = point;
  for (pos = point + 1; pos < n; pos++) {
    const c = text.charCodeAt(pos);
    if (c < 48 || c > 57) return undefined;
    if (c !== 48) {
      end = pos + 1;
      nonZero = true;
    }
  }
  const fractionDigits = n - point - 1;
  if (fractionDigits < 1 || fractionDigits > MAX_FRACTION_DIGITS || !nonZero) return undefined;
  return end === n ? text : text.slice(0, end);
}

const SCIENTIFIC = /^(-?)(\d+)(?:\.(\d+))?[eE]([+-]?\d+)$/;

/**
 * A number string as DynamoDB returns it, in plain notation: DynamoDB may answer `1E-8` for
 * `0.00000001`, and clients expect the digits they uploaded.
 */
export function plainDecimal(value: string): string {
  const match = SCIENTIFIC.exec(value);
  if (!match) return value.indexOf('.') === -1 ? value : value.replace(/\.?0+$/, '');
  const [, sign = '', whole = '', fraction = '', exponentText = '0'] = match;
  const exponent = Number.parseInt(exponentText, 10);
  const digits = whole + fraction;
  const point = whole.length + exponent;
  let plain: string;
  if (point <= 0) plain = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) plain = digits + '0'.repeat(point - digits.length);
  else plain = `${digits.slice(0, point)}.${digits.slice(point)}`;
  plain = plain.replace(/^0+(?=\d)/, '');
  if (plain.indexOf('.') !== -1) plain = plain.replace(/\.?0+$/, '');
  return sign + plain;
}
