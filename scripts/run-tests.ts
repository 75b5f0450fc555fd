/**
 * Runs every uvu suite under test/ in one process and ends with one plain summary line,
 * `tests: N passed, M failed`, so CI logs say how many tests ran. Exit code is uvu's.
 * Usage: tsx scripts/run-tests.ts [pattern]   (a regular expression over test file paths)
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const pattern = process.argv[2] ?? '\\.test\\.ts$';
const child = spawn(
  process.execPath,
  ['--import', 'tsx', join(root, 'node_modules/uvu/bin.js'), 'test', pattern],
  {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);

let output = '';
child.stdout.on('data', (chunk: Buffer) => {
  process.stdout.write(chunk);
  output += chunk.toString('utf8');
});

child.on('close', (code) => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colour codes
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  const count = (label: string) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(plain)?.[1] ?? 0);
  const total = count('Total');
  const passed = count('Passed');
  const skipped = count('Skipped');
  const failed = total - passed - skipped;
  console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  if (total === 0) {
    console.error('no test ran');
    process.exit(1);
  }
  process.exit(code ?? 1);
});
