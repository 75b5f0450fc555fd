/**
 * The Lambda zips a rollout deploys: `dist/lambda/<runtime>-<arch>/<function>.zip` for the
 * environment's runtime and architecture, listed with their sha256 and what they were made from
 * in the `manifest.json` beside them by `npm run build:lambdas`. Reused only when every zip
 * matches its manifest entry and every function's inputs (sources, the contract they import, the
 * lockfile, the build options) hash as they did; built otherwise, so that no stale zip is deployed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FUNCTION_NAMES, type FunctionName } from '../../src/contract';
import { type BundleTarget, buildLambdas, buildOptions, lambdaDist } from '../build-lambdas';
import { type BundleInputs, inputChanges } from '../bundle-inputs';

export interface Bundle {
  name: FunctionName;
  file: string;
  sha256: string;
}

interface Manifest {
  functions: Partial<Record<FunctionName, { zip: string; sha256: string; inputs?: BundleInputs }>>;
}

export class BundleError extends Error {
  override name = 'BundleError';
}

/**
 * The bundles as the manifest lists them, or why they cannot be reused. With `sources`, each
 * function's recorded inputs are checked against the files as they are now.
 */
export function readBundles(
  distDir: string,
  sources?: { root: string; target: BundleTarget },
): Bundle[] | string {
  const manifestFile = join(distDir, 'manifest.json');
  if (!existsSync(manifestFile)) return `${manifestFile} is missing`;
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  const bundles: Bundle[] = [];
  const stale: string[] = [];
  for (const name of FUNCTION_NAMES) {
    const entry = manifest.functions[name];
    if (!entry) return `the manifest lists no ${name} zip`;
    const file = join(distDir, entry.zip);
    if (!existsSync(file)) return `${file} is missing`;
    const sha256 = createHash('sha256').update(readFileSync(file)).digest('hex');
    if (sha256 !== entry.sha256) return `${file} does not match its manifest entry`;
    if (sources) {
      if (!entry.inputs) return `the manifest records no inputs for ${name}`;
      const changes = inputChanges(sources.root, entry.inputs, buildOptions(sources.target));
      if (changes)
        stale.push(`${name} (${changes.slice(0, 3).join(', ')}${changes.length > 3 ? ', …' : ''})`);
    }
    bundles.push({ name, file, sha256 });
  }
  if (stale.length > 0) return `stale: ${stale.join('; ')}`;
  return bundles;
}

/** Reuses the built zips when their inputs are unchanged, or builds them once and reads them again. */
export async function ensureBundles(
  root: string,
  log: (line: string) => void,
  target: BundleTarget,
): Promise<Bundle[]> {
  const distDir = lambdaDist(target, root);
  const found = readBundles(distDir, { root, target });
  if (typeof found !== 'string') {
    log(
      `bundles: reusing ${relative(root, distDir)} (${found.length} zips match the manifest and their inputs)`,
    );
    return found;
  }
  log(`bundles: ${found}; building them`);
  try {
    await buildLambdas(target, root);
  } catch (error) {
    throw new BundleError(`building the bundles failed: ${(error as Error).message}`);
  }
  const built = readBundles(distDir, { root, target });
  if (typeof built === 'string') throw new BundleError(`after building: ${built}`);
  return built;
}
