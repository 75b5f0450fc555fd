import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  decodePart,
  encodePartRow,
  PartFormatError,
  partHeader,
  partOf,
} from '../../lambda-src/shared/part-format';

test('a part round-trips its rows with their file line numbers, in order', () => {
  const rows = [
    { symbol: 'AAPL', timestamp: '2024-01-01T00:00:00.000Z', price: '189.25', volume: 100 },
    { symbol: 'BRK.A', timestamp: '2024-01-01T00:00:01.000Z', price: '0.00000001', volume: 9007199254740991 },
  ];
  const text = partHeader() + encodePartRow(rows[0] as never, 2) + encodePartRow(rows[1] as never, 7);
  assert.equal(decodePart(text), [
    { line: 2, ...rows[0] },
    { line: 7, ...rows[1] },
  ]);
});

test('a part without its format line, or with a short row, is refused rather than half-read', () => {
  const refused = (error: unknown) => error instanceof PartFormatError;
  assert.throws(() => decodePart('2\tAAPL\t2024-01-01T00:00:00.000Z\t1\t1\n'), refused);
  assert.throws(() => decodePart(`${partHeader()}2\tAAPL\t1\n`), refused);
});

test('a key always maps to the same part, and keys spread over every part', () => {
  const counts = new Array<number>(8).fill(0);
  for (let i = 0; i < 8000; i++) {
    const timestamp = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString();
    const part = partOf(`S${i % 50}`, timestamp, 8);
    assert.is(partOf(`S${i % 50}`, timestamp, 8), part);
    counts[part] = (counts[part] ?? 0) + 1;
  }
  // Within 15 % of an even share: parts come out about the same size.
  for (const count of counts) assert.ok(Math.abs(count - 1000) < 150, String(counts));
});

test.run();
