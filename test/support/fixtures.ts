import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

/** A CSV fixture's bytes, from test/fixtures/csv. */
export function csvFixture(name: string): Buffer {
  return readFileSync(join(REPO_ROOT, 'test', 'fixtures', 'csv', name));
}

/** `rows` valid rows over `symbols` symbols, one second apart, prices with 8 decimals. */
export function generatedCsv(rows: number, symbolPrefix: string, symbols = 50): string {
  const lines = ['symbol,timestamp,price,volume'];
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < rows; i++) {
    const price = `${100 + (i % 997)}.${String(i % 100_000_000).padStart(8, '0')}`;
    lines.push(`${symbolPrefix}${i % symbols},${new Date(start + i * 1000).toISOString()},${price},${i}`);
  }
  return `${lines.join('\n')}\n`;
}
