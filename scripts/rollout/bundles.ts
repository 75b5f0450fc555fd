/**
 * The Lambda zips a rollout deploys: `dist/lambda/<runtime>-<arch>/<function>.zip` for the
 * environment's runtime and architecture, listed with their sha256 in the `manifest.json` beside
 * them by `npm run build:lambdas`. Reused when every zip matches its manifest entry, built otherwise.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FUNCTION_NAMES, type FunctionName } from '../../src/contract';
import { type BundleTarget, lambdaDist } from '../build-lambdas';

export interface Bundle {
  name: FunctionName;
  file: string;
  sha256: string;
}

interface Manifest {
  functions: Partial<Record<FunctionName, { zip: string; sha256: string }>>;
}

export class BundleError extends Error {
  override name = 'BundleError';
}

/** The bundles as the manifest lists them, or why they cannot be reused. */
export function readBundles(distDir: string): Bundle[] | string {
  const manifestFile = join(distDir, 'manifest.json');
  if (!existsSync(manifestFile)) return `${manifestFile} is missing`;
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  const bundles: Bundle[] = [];
  for (const name of FUNCTION_NAMES) {
    const entry = manifest.functions[name];
    if (!entry) return `the manifest lists no ${name} zip`;
    const file = join(distDir, entry.zip);
    if (!existsSync(file)) return `${file} is missing`;
    const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
    if (sha256 !== entry.sha256) return `${file} does not match its manifest entry`;
    bundles.push({ name, file, sha256 });
  }
  return bundles;
}

/** Reuses the built zips, or runs `npm run build:lambdas` once and reads them again. */
export function ensureBundles(root: string, log: (line: string) => void, target: BundleTarget): Bundle[] {
  const distDir = lambdaDist(target, root);
  const found = readBundles(distDir);
  if (typeof found !== 'string') {
    log(`bundles: reusing ${relative(root, distDir)} (${found.length} zips match the manifest)`);
    return found;
  }
  log(`bundles: ${found}; running npm run build:lambdas`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'build-lambdas.ts')], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (run.status !== 0) throw new BundleError('npm run build:lambdas failed');
  const built = readBundles(distDir);
  if (typeof built === 'string') throw new BundleError(`after building: ${built}`);
  return built;
}
