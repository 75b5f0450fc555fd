/**
 * `npm run bench:api [-- --clients N --seconds S]`: latency (p50, p99) and throughput of
 * GET /results/{symbol} and POST /upload under N concurrent clients, against the local stack
 * (loopback only; each phase is bounded in time). The stage throttle is lifted for the run so
 * the figures measure the gateway and the functions, not the 1000/s limit.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { postFile, ServAppClient } from '../src/client';
import { defineCommand, integer } from './cli/args';
import { tempDir } from './local/servers/process';
import { startLocalStack } from './local/stack';

const BENCH_API = defineCommand({
  name: 'bench:api',
  usage: `usage: npm run bench:api [-- --clients N --seconds S]
Latency (p50, p99) and throughput of GET /results/{symbol} and POST /upload against a local stack
it starts on loopback (the stage throttle lifted), one phase per route.
  --clients N    concurrent clients, 1 to 1000 (default 16)
  --seconds S    length of each phase in seconds, 1 to 3600 (default 10)
  -h, --help     this help`,
  options: { clients: { type: 'string', default: '16' }, seconds: { type: 'string', default: '10' } },
});
const { values } = BENCH_API.begin();
const { clients, seconds } = BENCH_API.orExit(() => ({
  clients: integer('--clients', values.clients, { min: 1, max: 1000 }),
  seconds: integer('--seconds', values.seconds, { min: 1, max: 3600 }),
}));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function phase(name: string, call: () => Promise<unknown>): Promise<void> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await call();
          latencies.push(performance.now() - t0);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(
    `${name}: ${clients} clients, ${latencies.length} requests in ${elapsed.toFixed(1)} s = ` +
      `${(latencies.length / elapsed).toFixed(0)} req/s; p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
      `p99 ${percentile(latencies, 99).toFixed(1)} ms; ${errors} errors`,
  );
}

const stack = await startLocalStack({
  port: 0,
  logLevel: 'FATAL',
  throttle: { rateLimit: 1e9, burstLimit: 1e9 },
});
try {
  const api = new ServAppClient(stack.url);
  // 1,000 rows for one symbol, so that a results page does real work (a Query of 100 items).
  const dir = await tempDir('bench-api');
  const rows = ['symbol,timestamp,price,volume'];
  for (let i = 0; i < 1000; i += 1)
    rows.push(`BENCH,${new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString()},${100 + i}.25,${i}`);
  await writeFile(join(dir, 'bench.csv'), `${rows.join('\n')}\n`);
  const job = await api.createUpload('bench.csv');
  await postFile(job.upload, join(dir, 'bench.csv'));
  await api.followJob(job.jobId, undefined, 100);
  console.log(`local stack at ${stack.url}; ${seconds} s per phase`);
  await phase('GET /results/{symbol} (100 rows a page)', () => api.results('BENCH'));
  await phase('POST /upload', () => api.createUpload('bench.csv'));
} finally {
  await stack.stop();
}
