/**
 * The tests and scripts run on the Node.js major that the deployed functions run on, and the
 * bundles are compiled for it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  allTargets,
  ESBUILD_TARGET,
  environmentTarget,
  esbuildTarget,
  LOCAL_TARGET,
  lambdaDist,
  targetId,
} from '../../scripts/build-lambdas';
import environments from '../../src/environments';
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
  assert.is(esbuildTarget('nodejs22.x'), 'node22');
});

test('each environment gets bundles for its own runtime and architecture, built once per target', () => {
  const targets = allTargets();
  const byEnvironment = Object.keys(environments.environments).map((name) =>
    targetId(environmentTarget(name)),
  );
  assert.equal(targets.map(targetId).sort(), [...new Set(byEnvironment)].sort());
  assert.is(
    lambdaDist({ runtime: 'nodejs22.x', architecture: 'x86_64' }, '/r'),
    '/r/dist/lambda/nodejs22.x-x86_64',
  );
  // npm test builds the bundles before the tests: their manifest says what they were built for.
  const manifest = JSON.parse(readFileSync(join(lambdaDist(LOCAL_TARGET), 'manifest.json'), 'utf8')) as {
    target: { runtime: string; architecture: string; esbuild: string };
  };
  assert.equal(manifest.target, { ...LOCAL_TARGET, esbuild: ESBUILD_TARGET });
});

test('engines asks for a Node.js the AWS SDK still supports (>= 22)', () => {
  assert.is(pkg.engines.node, '>=22');
});

test.run();
