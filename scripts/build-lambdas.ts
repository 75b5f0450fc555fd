/**
 * `npm run build:lambdas`: one minified ESM bundle per function (AWS SDK v3 included, so the code
 * does not depend on the SDK version a runtime happens to ship) and one deterministic zip,
 * `dist/lambda/<function>.zip` holding `index.mjs` (handler `index.handler`), plus
 * `dist/lambda/manifest.json` with each zip's sha256.
 */
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, version as esbuildVersion } from 'esbuild';
import { FUNCTION_NAMES, type FunctionName } from '../src/contract';
import { REGIONAL_DEFAULTS } from '../src/regional/options';
import { type BundleInputs, bundleInputs } from './bundle-inputs';
import { defineCommand } from './cli/args';
import { deterministicZip } from './deterministic-zip';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const LAMBDA_DIST = join(ROOT, 'dist', 'lambda');
export const BUNDLE_FILE = 'index.mjs';
export const HANDLER = 'index.handler';
/** The esbuild target follows the Lambda runtime the stack deploys (`nodejs24.x` → `node24`). */
export const ESBUILD_TARGET = `node${/^nodejs(\d+)\.x$/.exec(REGIONAL_DEFAULTS.runtime)?.[1] ?? ''}`;

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

const ESBUILD_OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: ESBUILD_TARGET,
  format: 'esm',
  mainFields: ['module', 'main'],
  minify: true,
  // Keeps the bundled packages' licence notices (about 0.2 KiB per bundle).
  legalComments: 'eof',
  banner: { js: REQUIRE_SHIM },
};

/** Every option that shapes a bundle, and esbuild's version: part of each bundle's input hash. */
export const BUILD_OPTIONS = { esbuild: esbuildVersion, ...ESBUILD_OPTIONS };

async function bundle(root: string, name: FunctionName): Promise<{ code: Buffer; inputs: BundleInputs }> {
  const result = await build({
    ...ESBUILD_OPTIONS,
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
    inputs: bundleInputs(root, Object.keys(result.metafile.inputs), BUILD_OPTIONS),
  };
}

/** Builds every function from `root` (the repository by default) into `<root>/dist/lambda`. */
export async function buildLambdas(root = ROOT): Promise<BuiltFunction[]> {
  const dist = join(root, 'dist', 'lambda');
  await rm(dist, { recursive: true, force: true });
  await mkdir(dist, { recursive: true });
  const built: BuiltFunction[] = [];
  for (const name of FUNCTION_NAMES) {
    const { code, inputs } = await bundle(root, name);
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
  const manifest = { functions: Object.fromEntries(built.map(({ name, ...rest }) => [name, rest])) };
  await writeFile(join(dist, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return built;
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  defineCommand({
    name: 'build:lambdas',
    usage: `usage: npm run build:lambdas
Bundles each function with esbuild (${ESBUILD_TARGET}) into a deterministic zip in dist/lambda/,
listed with its sha256 in dist/lambda/manifest.json.
  -h, --help   this help`,
    options: {},
  }).begin();
  const built = await buildLambdas();
  for (const fn of built)
    console.log(
      `${fn.name.padEnd(10)} bundle ${kib(fn.bundleBytes).padStart(10)}  zip ${kib(fn.zipBytes).padStart(10)}  sha256 ${fn.sha256.slice(0, 16)}`,
    );
  console.log(`wrote ${built.length} zips and manifest.json to ${LAMBDA_DIST}`);
}
