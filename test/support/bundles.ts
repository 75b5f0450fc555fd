/**
 * Loads a function from its built zip (dist/lambda/<function>.zip), the very bytes that ship: the zip
 * is read back with a small reader of our own, `index.mjs` extracted to a temporary folder and
 * imported. `npm test` builds the zips first.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { lambdaDist } from '../../scripts/build-lambdas';
import { tempDir } from '../../scripts/local/servers/process';
import type { FunctionName } from '../../src/contract';

export type UploadModule = typeof import('../../lambda-src/upload/index');
export type ProcessorModule = typeof import('../../lambda-src/processor/index');
export type StatusModule = typeof import('../../lambda-src/status/index');
export type ResultsModule = typeof import('../../lambda-src/results/index');
export type WorkerModule = typeof import('../../lambda-src/worker/index');

interface Modules {
  upload: UploadModule;
  processor: ProcessorModule;
  status: StatusModule;
  results: ResultsModule;
  worker: WorkerModule;
}

export const LAMBDA_DIST = lambdaDist();

/** The entries of a zip: name → content, from the central directory. */
export function readZip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip: no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart =
      localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const loaded = new Map<FunctionName, Promise<unknown>>();

async function load(name: FunctionName): Promise<unknown> {
  const zipPath = join(LAMBDA_DIST, `${name}.zip`);
  if (!existsSync(zipPath)) throw new Error(`${zipPath} is missing: run "npm run build:lambdas" first`);
  const code = readZip(await readFile(zipPath)).get('index.mjs');
  if (!code) throw new Error(`${zipPath} holds no index.mjs`);
  const file = join(await tempDir(`bundle-${name}`), 'index.mjs');
  await writeFile(file, code);
  return import(pathToFileURL(file).href);
}

/** The function's module as shipped; load it only after the test environment is set up. */
export async function loadBundle<Name extends FunctionName>(name: Name): Promise<Modules[Name]> {
  let module = loaded.get(name);
  if (!module) {
    module = load(name);
    loaded.set(name, module);
  }
  return (await module) as Modules[Name];
}
