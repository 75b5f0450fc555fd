import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeToken, encodeToken } from '../../lambda-src/shared/pagination-token';

const key = { symbol: 'AAPL', timestamp: '2024-01-02T03:04:05.000Z' };
const token = encodeToken(key);
const forge = (body: unknown) => Buffer.from(JSON.stringify(body)).toString('base64url');

test('a token resumes the query it came from', () => {
  assert.equal(decodeToken(token, { symbol: 'AAPL' }), key);
  assert.equal(
    decodeToken(token, { symbol: 'AAPL', from: '2024-01-01T00:00:00.000Z', to: '2024-02-01T00:00:00.000Z' }),
    key,
  );
});

test('a token for another symbol, or outside the requested range, is refused', () => {
  assert.is(decodeToken(token, { symbol: 'MSFT' }), undefined);
  assert.is(decodeToken(token, { symbol: 'AAPL', from: '2024-01-03T00:00:00.000Z' }), undefined);
  assert.is(decodeToken(token, { symbol: 'AAPL', to: '2024-01-01T00:00:00.000Z' }), undefined);
});

test('tokens that are not ours are refused: garbage, wrong shape, extra keys, bad timestamp', () => {
  for (const bad of [
    'not a token',
    '!!!',
    Buffer.from('not json').toString('base64url'),
    forge([1, 2]),
    forge(null),
    forge({ s: 'AAPL' }),
    forge({ s: 'AAPL', t: '2024-01-02T03:04:05.000Z', x: 1 }),
    forge({ s: 'AAPL', t: '2024-01-02T03:04:05Z' }),
    forge({ s: 'AAPL', t: 5 }),
    'A'.repeat(2049),
  ])
    assert.is(decodeToken(bad, { symbol: 'AAPL' }), undefined, bad.slice(0, 40));
});

test.run();
