/**
 * Prices stay decimal strings from the CSV to DynamoDB (as an N attribute) and back: a JavaScript
 * number would turn 0.1 + 0.2 into 0.30000000000000004 and round 17-digit prices.
 */

/**
 * The canonical form of a validated decimal: trailing fractional zeros dropped, so `1.50` and `1.5`
 * are the same price, which is also how DynamoDB normalises numbers.
 */
export function canonicalDecimal(value: string): string {
  if (value.indexOf('.') === -1) return value;
  let end = value.length;
  while (value.charCodeAt(end - 1) === 48) end--;
  if (value.charCodeAt(end - 1) === 46) end--;
  return end === value.length ? value : value.slice(0, end);
}

/** True when every digit of a validated decimal is zero. */
export function isZeroDecimal(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c !== 48 && c !== 46) return false;
  }
  return true;
}

const SCIENTIFIC = /^(-?)(\d+)(?:\.(\d+))?[eE]([+-]?\d+)$/;

/**
 * A number string as DynamoDB returns it, in plain notation: DynamoDB may answer `1E-8` for
 * `0.00000001`, and clients expect the digits they uploaded.
 */
export function plainDecimal(value: string): string {
  const match = SCIENTIFIC.exec(value);
  if (!match) return canonicalDecimal(value);
  const [, sign = '', whole = '', fraction = '', exponentText = '0'] = match;
  const exponent = Number.parseInt(exponentText, 10);
  const digits = whole + fraction;
  const point = whole.length + exponent;
  let plain: string;
  if (point <= 0) plain = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) plain = digits + '0'.repeat(point - digits.length);
  else plain = `${digits.slice(0, point)}.${digits.slice(point)}`;
  plain = plain.replace(/^0+(?=\d)/, '');
  return sign + canonicalDecimal(plain);
}
