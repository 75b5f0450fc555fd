import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parsePrice, plainDecimal } from '../../lambda-src/shared/decimal';
import { type ColumnMap, readHeader, validateRow } from '../../lambda-src/shared/row-validator';
import { normaliseSymbol } from '../../lambda-src/shared/symbol';
import { normaliseTimestamp } from '../../lambda-src/shared/timestamp';
import { parseVolume } from '../../lambda-src/shared/volume';
import { LIMITS, PRICE_PATTERN, SYMBOL_PATTERN, VOLUME_PATTERN } from '../../src/contract';

const columns = (header: string): ColumnMap => {
  const result = readHeader(header.split(','));
  if (!result.ok) throw new Error(result.reason);
  return result.columns;
};

test('the header is matched case-insensitively, in any order, extra columns ignored', () => {
  assert.equal(columns('Volume,note,PRICE, Timestamp ,symbol'), {
    symbol: 4,
    timestamp: 3,
    price: 2,
    volume: 0,
    width: 5,
  });
});

test('a header missing a column or naming one twice is refused with the reason', () => {
  const missing = readHeader(['ticker', 'time', 'price', 'volume']);
  assert.equal(
    missing.ok ? '' : missing.reason,
    'the header lacks symbol, timestamp; it must name symbol, timestamp, price, volume',
  );
  const twice = readHeader(['symbol', 'timestamp', 'price', 'volume', 'SYMBOL']);
  assert.equal(twice.ok ? '' : twice.reason, 'the header names the column "symbol" twice');
});

test('a valid row is normalised: symbol upper-cased, timestamp UTC with milliseconds, price canonical', () => {
  assert.equal(
    validateRow(
      ['brk.b', '2024-01-02T03:04:05+02:30', '10.50', '7'],
      columns('symbol,timestamp,price,volume'),
    ),
    {
      symbol: 'BRK.B',
      timestamp: '2024-01-02T00:34:05.000Z',
      price: '10.5',
      volume: 7,
    },
  );
});

test('a row with the wrong number of fields is rejected', () => {
  assert.is(
    validateRow(['A', '2024-01-01T00:00:00Z', '1'], columns('symbol,timestamp,price,volume')),
    'expected 4 fields as in the header, found 3',
  );
});

test('symbols: 1-16 of A-Z 0-9 . - in any case; the loop agrees with the contract pattern', () => {
  for (const good of ['A', 'aapl', 'BRK.B', 'ES-FUT', '0123456789ABCDEF'])
    assert.is(normaliseSymbol(good), good.toUpperCase());
  for (const bad of ['', 'ABCDEFGHIJKLMNOPQ', 'A_B', 'A B', 'É', 'A/B', ' A'])
    assert.is(normaliseSymbol(bad), undefined, bad);
  for (const text of ['A', 'a', 'A_B', '', 'ABCDEFGHIJKLMNOP', 'ABCDEFGHIJKLMNOPQ', 'x.y-z', 'a%'])
    assert.is(normaliseSymbol(text) !== undefined, SYMBOL_PATTERN.test(text.toUpperCase()), text);
});

test('timestamps: ISO-8601 with Z or an offset, stored as UTC YYYY-MM-DDTHH:MM:SS.fffZ so they sort', () => {
  const cases: [string, string][] = [
    ['2024-01-02T03:04:05Z', '2024-01-02T03:04:05.000Z'],
    ['2024-01-02T03:04:05.5Z', '2024-01-02T03:04:05.500Z'],
    ['2024-01-02T03:04:05.123Z', '2024-01-02T03:04:05.123Z'],
    ['2024-01-02T03:04:05+00:00', '2024-01-02T03:04:05.000Z'],
    ['2024-01-02T03:04:05-05:00', '2024-01-02T08:04:05.000Z'],
    ['2024-01-01T00:30:00+0100', '2023-12-31T23:30:00.000Z'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
  ];
  for (const [input, stored] of cases) assert.is(normaliseTimestamp(input), stored, input);
  assert.ok(
    (normaliseTimestamp('2024-01-01T00:00:00Z') ?? '') < (normaliseTimestamp('2024-01-01T00:00:00.5Z') ?? ''),
  );
  const bad = [
    '2024-01-02T03:04:05',
    '2024-01-02 03:04:05Z',
    '2024-01-02',
    '2023-02-29T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-01-01T24:00:00Z',
    '2024-01-01T00:60:00Z',
    '2024-01-01T00:00:60Z',
    '2024-01-01T00:00:00.1234Z',
    '2024-01-01T00:00:00.Z',
    '2024-01-01T00:00:00+25:00',
    '2024-01-01T00:00:00Zjunk',
    '1704067200',
  ];
  for (const text of bad) assert.is(normaliseTimestamp(text), undefined, text);
});

test('prices: positive decimals, at most 8 places, kept as exact canonical strings', () => {
  const cases: [string, string][] = [
    ['1', '1'],
    ['0.00000001', '0.00000001'],
    ['123456789.12345678', '123456789.12345678'],
    ['10.50', '10.5'],
    ['7.000', '7'],
    ['999999999999999.99999999', '999999999999999.99999999'],
  ];
  for (const [input, stored] of cases) assert.is(parsePrice(input), stored, input);
  for (const bad of [
    '0',
    '0.0',
    '0.00000000',
    '-1',
    '+1',
    '1.',
    '.5',
    '01.5',
    '1.123456789',
    '1e3',
    '1,5',
    ' 1',
    '',
    'NaN',
    '1234567890123456',
  ])
    assert.is(parsePrice(bad), undefined, bad);
  for (const text of [
    '1',
    '0',
    '01',
    '1.5',
    '1.',
    '.5',
    '0.000000001',
    '1234567890123456',
    '123456789012345.1',
  ])
    assert.is(parsePrice(text) !== undefined || /^[0.]+$/.test(text), PRICE_PATTERN.test(text), text);
});

test('prices read back from DynamoDB in exponent form come out in plain digits', () => {
  assert.is(plainDecimal('1E-8'), '0.00000001');
  assert.is(plainDecimal('1.2345678912345678E+8'), '123456789.12345678');
  assert.is(plainDecimal('1.5E+2'), '150');
  assert.is(plainDecimal('187.30'), '187.3');
  assert.is(plainDecimal('42'), '42');
});

test('volumes: whole numbers >= 0 up to the largest exact JSON number', () => {
  assert.is(parseVolume('0'), 0);
  assert.is(parseVolume('1200'), 1200);
  assert.is(parseVolume(String(LIMITS.maxVolume)), LIMITS.maxVolume);
  for (const bad of ['', '-1', '1.5', '01', '1e3', ' 1', '9007199254740992', '1000000000000000000'])
    assert.is(parseVolume(bad), undefined, bad);
  // Below 16 digits the loop and the contract's pattern agree exactly; above, the loop is stricter.
  for (const text of ['0', '00', '12', '-3', '1.0', '123456789012345'])
    assert.is(parseVolume(text) !== undefined, VOLUME_PATTERN.test(text), text);
  assert.ok(VOLUME_PATTERN.test(String(LIMITS.maxVolume)));
});

test.run();
