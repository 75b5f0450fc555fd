/**
 * `npm run build:lib`: compiles src/ to ESM JavaScript and `.d.ts` files in dist/lib/ (the
 * package's `exports`), from a clean folder so that a deleted source leaves no stale file behind.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { defineCommand } from './cli/args';

defineCommand({
  name: 'build:lib',
  usage: `usage: npm run build:lib
Compiles src/ to ESM JavaScript and .d.ts files in dist/lib/ (the package npm pack makes).
  -h, --help   this help`,
  options: {},
}).begin();

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, 'dist', 'lib');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

rmSync(OUT, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.lib.json')],
  { stdio: 'inherit' },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
const emitted = files(OUT);
const bytes = emitted.reduce((sum, file) => sum + statSync(file).size, 0);
console.log(
  `${relative(ROOT, OUT)}: ${emitted.filter((f) => f.endsWith('.js')).length} modules, ` +
    `${emitted.filter((f) => f.endsWith('.d.ts')).length} declaration files, ${(bytes / 1024).toFixed(0)} KiB`,
);
