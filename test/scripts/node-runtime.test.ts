/**
 * The tests and scripts run on the Node.js major that the deployed functions run on, and the
 * bundles are compiled for it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ESBUILD_TARGET } from '../../scripts/build-lambdas';
import { REGIONAL_DEFAULTS } from '../../src/regional/options';

const root = join(import.meta.dirname, '..', '..');
const runtimeMajor = Number(/^nodejs(\d+)\.x$/.exec(REGIONAL_DEFAULTS.runtime)?.[1]);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

test('the tests run on the Node.js major of the Lambda runtime', () => {
  assert.is(runtimeMajor, 24);
  assert.is(Number(process.versions.node.split('.')[0]), runtimeMajor);
});

test('the project pins that Node.js as an exact devDependency, so npm run puts it first on PATH', () => {
  const pinned = pkg.devDependencies.node ?? '';
  assert.match(pinned, /^\d+\.\d+\.\d+$/);
  assert.is(Number(pinned.split('.')[0]), runtimeMajor);
  assert.is(process.versions.node, pinned);
});

test('the bundles are compiled for the runtime they ship to', () => {
  assert.is(ESBUILD_TARGET, `node${runtimeMajor}`);
});

test('engines asks for a Node.js the AWS SDK still supports (>= 22)', () => {
  assert.is(pkg.engines.node, '>=22');
});

test.run();
