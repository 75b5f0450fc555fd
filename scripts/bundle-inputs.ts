/**
 * What a Lambda bundle is made from, hashed the way CDK fingerprints an asset source (every file's
 * relative path and content, plus the options that shape the output) and SAM keys its build cache
 * (sources, the dependency manifest, runtime and architecture): the module graph esbuild read
 * (the function's sources, the contract and shared code they import, the packages bundled in),
 * the lockfile, the package manifest (its `sideEffects` decides what esbuild may drop, yet it is not
 * in esbuild's list of inputs) and the build options. Any difference means the zip must be rebuilt.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCKFILE = 'package-lock.json';
/** Read by esbuild for every file under the root (`sideEffects`, `type`), so part of every bundle. */
export const PACKAGE_MANIFEST = 'package.json';

export interface BundleInputs {
  /** One hash over everything below. */
  hash: string;
  /** The build options, as canonical JSON. */
  options: string;
  /** sha256 of each input file, by path relative to the repository root (the lockfile included). */
  files: Record<string, string>;
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** JSON with sorted keys, so that equal options give equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** The inputs as they are on disk now; a missing file hashes as "missing". */
export function bundleInputs(root: string, files: readonly string[], options: unknown): BundleInputs {
  const hashes: Record<string, string> = {};
  for (const file of [...new Set([...files, LOCKFILE, PACKAGE_MANIFEST])].sort()) {
    const path = join(root, file);
    hashes[file] = existsSync(path) ? sha256(readFileSync(path)) : 'missing';
  }
  const text = canonicalJson(options);
  const lines = [`options ${text}`, ...Object.entries(hashes).map(([file, hash]) => `${file} ${hash}`)];
  return { hash: sha256(lines.join('\n')), options: text, files: hashes };
}

/** Why `recorded` no longer matches the sources (the first few differences), or undefined. */
export function inputChanges(root: string, recorded: BundleInputs, options: unknown): string[] | undefined {
  const now = bundleInputs(root, Object.keys(recorded.files), options);
  if (now.hash === recorded.hash) return undefined;
  const why: string[] = [];
  if (now.options !== recorded.options) why.push('the build options changed');
  for (const [file, hash] of Object.entries(now.files))
    if (recorded.files[file] !== hash) why.push(`${file} ${hash === 'missing' ? 'is gone' : 'changed'}`);
  return why;
}
