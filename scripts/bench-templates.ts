/**
 * Prints how long building each template takes and its size against CloudFormation's limits:
 * 51,200 bytes for an inline TemplateBody (StackSets too), 1 MB from S3; then the wall time of
 * `npm run build:templates` as a user runs it (best of 5 fresh processes, warm node_modules),
 * next to the in-process build time of all templates.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { toMinifiedJson, toPrettyJson } from '../src/core/emit';
import { TEMPLATE_FILES } from '../src/templates';
import { defineCommand } from './cli/args';

defineCommand({
  name: 'bench:templates',
  usage: `usage: npm run bench:templates
Each template's build time and its size against the 51,200-byte inline and 1 MB S3 limits,
then the wall time of a fresh 'npm run build:templates' (best of 5).
  -h, --help   this help`,
  options: {},
}).begin();

const INLINE_LIMIT = 51_200;
const S3_LIMIT = 1_000_000;
const RUNS = 30;
const WALL_RUNS = 5;
const ROOT = join(import.meta.dirname, '..');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const fmt = (n: number) => n.toLocaleString('en-US');
let inProcessMs = 0;
for (const { file, build } of TEMPLATE_FILES) {
  const times: number[] = [];
  let pretty = '';
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    pretty = toPrettyJson(build());
    times.push(performance.now() - start);
  }
  inProcessMs += median(times);
  const template = build();
  const minified = toMinifiedJson(template);
  const prettyBytes = Buffer.byteLength(pretty);
  const minBytes = Buffer.byteLength(minified);
  const fits =
    minBytes <= INLINE_LIMIT
      ? 'fits inline'
      : `over the inline limit by ${fmt(minBytes - INLINE_LIMIT)}: staged in S3`;
  console.log(
    `${file}: ${Object.keys(template.Resources).length} resources, ` +
      `build ${median(times).toFixed(1)} ms (median of ${RUNS}, first ${times[0]?.toFixed(1)} ms); ` +
      `pretty ${fmt(prettyBytes)} B, minified ${fmt(minBytes)} B ` +
      `(${((100 * minBytes) / INLINE_LIMIT).toFixed(0)}% of ${fmt(INLINE_LIMIT)} B inline, ${fits}; ` +
      `${((100 * minBytes) / S3_LIMIT).toFixed(1)}% of the 1 MB S3 limit)`,
  );
}

// A fresh `npm run build:templates` each time: npm's own start-up, Node, loading the modules, the build, the writes.
const walls: number[] = [];
for (let i = 0; i < WALL_RUNS; i += 1) {
  const start = performance.now();
  const run = spawnSync('npm', ['run', '--silent', 'build:templates'], { cwd: ROOT, stdio: 'ignore' });
  walls.push(performance.now() - start);
  if (run.status !== 0) throw new Error(`npm run build:templates exited ${run.status}`);
}
const environments = TEMPLATE_FILES.filter(({ file }) => file.endsWith('/regional.json')).length;
console.log(
  `build:templates (${environments} environments + bootstrap + pipeline): ${(Math.min(...walls) / 1000).toFixed(2)} s wall ` +
    `(best of ${WALL_RUNS} fresh \`npm run build:templates\`, median ${(median(walls) / 1000).toFixed(2)} s); ` +
    `in-process build of all templates ${inProcessMs.toFixed(1)} ms`,
);
