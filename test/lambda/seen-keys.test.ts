import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SeenKeys } from '../../lambda-src/processor/seen-keys';
import { storedTimestampMillis } from '../../lambda-src/shared/timestamp';

test('stored timestamps convert to the same epoch milliseconds as Date.parse', () => {
  for (const text of [
    '1970-01-01T00:00:00.000Z',
    '1969-12-31T23:59:59.999Z',
    '2000-02-29T12:34:56.789Z',
    '2024-03-01T00:00:00.001Z',
    '0001-01-01T00:00:00.000Z',
    '9999-12-31T23:59:59.999Z',
  ])
    assert.is(storedTimestampMillis(text), Date.parse(text), text);
});

test('a key is new once, whether rows arrive in order, out of order or interleaved by symbol', () => {
  const seen = new SeenKeys();
  const add = (symbol: string, second: number) =>
    seen.add(symbol, `2024-01-01T00:00:${String(second).padStart(2, '0')}.000Z`);
  assert.equal([add('A', 1), add('A', 2), add('B', 1), add('A', 3)], [true, true, true, true]);
  assert.equal(
    [add('A', 2), add('B', 1), add('A', 0), add('A', 0), add('A', 3)],
    [false, false, true, false, false],
  );
  assert.is(seen.size, 5);
});

test('many keys in order and a few late ones are counted exactly', () => {
  const seen = new SeenKeys();
  let added = 0;
  for (let i = 0; i < 5000; i++) if (seen.add('S', new Date(i * 1000).toISOString())) added++;
  for (let i = 0; i < 5000; i += 7) if (seen.add('S', new Date(i * 1000).toISOString())) added++;
  if (seen.add('S', new Date(-1000).toISOString())) added++;
  assert.is(added, 5001);
  assert.is(seen.size, 5001);
});

test.run();
