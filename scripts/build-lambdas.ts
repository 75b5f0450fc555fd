/**
 * `npm run build:lambdas`: for each runtime and architecture an environment of
 * src/environments.ts deploys, one minified ESM bundle per function (AWS SDK v3 included, so the
 * code does not depend on the SDK version a runtime happens to ship; esbuild targets the
 * runtime's Node major) and one deterministic zip, `dist/lambda/<runtime>-<arch>/<function>.zip`
 * holding `index.mjs` (handler `index.handler`), plus a `manifest.json` beside them with each
 * zip's sha256, the target it was built for, and what it was made from (its input hash, see
 * scripts/bundle-inputs.ts).
 */
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, version as esbuildVersion } from 'esbuild';
import { environmentOptions } from '../src/config';
import { FUNCTION_NAMES, type FunctionName } from '../src/contract';
import environments from '../src/environments';
import { type Architecture, type Runtime, resolveOptions } from '../src/regional/options';
import { type BundleInputs, bundleInputs } from './bundle-inputs';
import { defineCommand } from './cli/args';
import { deterministicZip } from './deterministic-zip';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE_FILE = 'index.mjs';
export const HANDLER = 'index.handler';

/** What a set of bundles is built for: an environment's Lambda runtime and architecture. */
export interface BundleTarget {
  runtime: Runtime;
  architecture: Architecture;
}

/** The target of one environment's functions. */
export function environmentTarget(name: string): BundleTarget {
  const env = environments.environments[name as keyof typeof environments.environments];
  if (!env) throw new Error(`no environment ${name} in src/environments.ts`);
  const settings = resolveOptions(environmentOptions(env));
  return { runtime: settings.runtime, architecture: settings.architecture };
}

/** The targets of every environment, once each. */
export function allTargets(): BundleTarget[] {
  const byId = new Map<string, BundleTarget>();
  for (const name of Object.keys(environments.environments)) {
    const target = environmentTarget(name);
    byId.set(targetId(target), target);
  }
  return [...byId.values()];
}

/** The target the local stack, the tests and the benches run: the dev environment's. */
export const LOCAL_TARGET: BundleTarget = environmentTarget('dev');

export const targetId = (target: BundleTarget): string => `${target.runtime}-${target.architecture}`;

/** `dist/lambda/<runtime>-<arch>` under `root`. */
export function lambdaDist(target: BundleTarget = LOCAL_TARGET, root = ROOT): string {
  return join(root, 'dist', 'lambda', targetId(target));
}

/** The esbuild target follows the Lambda runtime (`nodejs24.x` → `node24`). */
export function esbuildTarget(runtime: Runtime): string {
  return `node${/^nodejs(\d+)\.x$/.exec(runtime)?.[1] ?? ''}`;
}

/** The local target's esbuild target: the Node major the tests run the bundles on. */
export const ESBUILD_TARGET = esbuildTarget(LOCAL_TARGET.runtime);

/**
 * Some bundled CommonJS dependencies `require` Node built-ins; an ESM bundle has no `require` of its
 * own, so one is made from the module's URL.
 */
const REQUIRE_SHIM =
  "import { createRequire as __servappCreateRequire } from 'node:module';\nconst require = __servappCreateRequire(import.meta.url);";

export interface BuiltFunction {
  name: FunctionName;
  zip: string;
  sha256: string;
  zipBytes: number;
  bundleBytes: number;
  handler: string;
  /** What the zip was made from: the rollout rebuilds it when any of this differs. */
  inputs: BundleInputs;
}

function esbuildOptions(target: BundleTarget): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    target: esbuildTarget(target.runtime),
    format: 'esm',
    mainFields: ['module', 'main'],
    minify: true,
    // Keeps the bundled packages' licence notices (about 0.2 KiB per bundle).
    legalComments: 'eof',
    banner: { js: REQUIRE_SHIM },
  };
}

/** Every option that shapes a target's bundles, and esbuild's version: part of each input hash. */
export function buildOptions(target: BundleTarget): Record<string, unknown> {
  return { esbuild: esbuildVersion, ...target, ...esbuildOptions(target) };
}

async function bundle(
  root: string,
  name: FunctionName,
  target: BundleTarget,
): Promise<{ code: Buffer; inputs: BundleInputs }> {
  const result = await build({
    ...esbuildOptions(target),
    entryPoints: [join('lambda-src', name, 'index.ts')],
    // Input paths in the metafile are then relative to the repository root.
    absWorkingDir: root,
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error(`esbuild produced no output for ${name}`);
  return {
    code: Buffer.from(output.contents),
    inputs: bundleInputs(root, Object.keys(result.metafile.inputs), buildOptions(target)),
  };
}

/** Builds every function for `target` from `root` (the repository by default). */
export async function buildLambdas(
  target: BundleTarget = LOCAL_TARGET,
  root = ROOT,
): Promise<BuiltFunction[]> {
  const dist = lambdaDist(target, root);
  await rm(dist, { recursive: true, force: true });
  await mkdir(dist, { recursive: true });
  const built: BuiltFunction[] = [];
  for (const name of FUNCTION_NAMES) {
    const { code, inputs } = await bundle(root, name, target);
    await mkdir(join(dist, name), { recursive: true });
    await writeFile(join(dist, name, BUNDLE_FILE), code);
    const zip = deterministicZip([{ name: BUNDLE_FILE, data: code }]);
    await writeFile(join(dist, `${name}.zip`), zip);
    built.push({
      name,
      zip: `${name}.zip`,
      sha256: createHash('sha256').update(zip).digest('hex'),
      zipBytes: zip.length,
      bundleBytes: code.length,
      handler: HANDLER,
      inputs,
    });
  }
  const manifest = {
    target: { ...target, esbuild: esbuildTarget(target.runtime) },
    functions: Object.fromEntries(built.map(({ name, ...rest }) => [name, rest])),
  };
  await writeFile(join(dist, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return built;
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  defineCommand({
    name: 'build:lambdas',
    usage: `usage: npm run build:lambdas
For each runtime and architecture of the environments in src/environments.ts, bundles each function with
esbuild into a deterministic zip in dist/lambda/<runtime>-<arch>/, listed with its sha256 in manifest.json.
  -h, --help   this help`,
    options: {},
  }).begin();
  for (const target of allTargets()) {
    const built = await buildLambdas(target);
    for (const fn of built)
      console.log(
        `${fn.name.padEnd(10)} bundle ${kib(fn.bundleBytes).padStart(10)}  zip ${kib(fn.zipBytes).padStart(10)}  sha256 ${fn.sha256.slice(0, 16)}`,
      );
    console.log(
      `wrote ${built.length} zips and manifest.json to ${lambdaDist(target)} (${esbuildTarget(target.runtime)})`,
    );
  }
}
