import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deterministicZip } from '../../scripts/deterministic-zip';
import { FUNCTION_NAMES } from '../../src/contract';
import { LAMBDA_DIST, readZip } from '../support/bundles';

test('the same entries give the same zip bytes, whatever their order', () => {
  const a = { name: 'index.mjs', data: Buffer.from('export const handler = 1;\n') };
  const b = { name: 'extra.txt', data: Buffer.from('x'.repeat(1000)) };
  const first = deterministicZip([a, b]);
  assert.equal(deterministicZip([b, a]), first);
  assert.equal([...readZip(first).keys()], ['extra.txt', 'index.mjs']);
  assert.equal(readZip(first).get('index.mjs'), a.data);
});

test('each built zip holds only index.mjs, and the manifest has its sha256', async () => {
  const manifest = JSON.parse(await readFile(join(LAMBDA_DIST, 'manifest.json'), 'utf8')) as {
    functions: Record<string, { zip: string; sha256: string; handler: string }>;
  };
  assert.equal(Object.keys(manifest.functions).sort(), [...FUNCTION_NAMES].sort());
  for (const name of FUNCTION_NAMES) {
    const entry = manifest.functions[name];
    assert.ok(entry, name);
    const zip = await readFile(join(LAMBDA_DIST, entry.zip));
    assert.is(createHash('sha256').update(zip).digest('hex'), entry.sha256, name);
    assert.is(entry.handler, 'index.handler');
    const entries = readZip(zip);
    assert.equal([...entries.keys()], ['index.mjs']);
    // Zipping the bundle again gives the very same bytes: the zip depends on the code only.
    assert.equal(
      deterministicZip([{ name: 'index.mjs', data: entries.get('index.mjs') ?? Buffer.alloc(0) }]),
      zip,
    );
  }
});

test.run();
