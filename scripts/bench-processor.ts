/**
 * `npm run bench:processor [--rows N] [--workers W] [--files K] [--file-rows M] [--calls C]`: the
 * processor's numbers, measured in one run against the same servers, last line
 * `ingest: <n> rows in <s> s (<r> rows/s); parse+validate: <p> rows/s; init: <ms> ms`
 *  - ceiling: what DynamoDB Local takes from a raw BatchWriteItem loader with C calls in flight;
 *  - fan-out: an N-row file (default 1,000,000) through the processor (planner), ElasticMQ and W
 *    workers fed by the local poller, until the job is final; peak RSS of this process, which runs
 *    the processor and every worker;
 *  - concurrent: K files of M rows (default 10 x 100,000) delivered at once;
 *  - ingest: a 100k-row file end to end, MinIO → processor bundle → DynamoDB Local;
 *  - parse+validate: decoding, CSV parsing and row validation with no I/O, on one core;
 *  - init: module init of each bundle in a fresh Node process (the processor's is on the last line).
 * Needs `npm run build:lambdas` first, and the servers from scripts/provision-tools.sh.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_INLINE_BYTES, DEFAULT_PART_BYTES } from '../lambda-src/processor/process-upload';
import { RowCollector } from '../lambda-src/processor/row-collector';
import { CsvStreamParser } from '../lambda-src/shared/csv-parser';
import { FINAL_JOB_STATUSES, FUNCTION_NAMES, MARKET_DATA_KEY } from '../src/contract';
import { deliver, jobStatus, uploadThroughApi } from '../test/support/api';
import { LAMBDA_DIST } from '../test/support/bundles';
import { testEnvironment } from '../test/support/environment';
import { drainParts, fanOutProcessor, fanOutQueues, worker } from '../test/support/fanout';
import { generatedCsv } from '../test/support/fixtures';
import { plannerLine, plannerRuns } from './bench/planner';
import { defineCommand, integer, UsageError } from './cli/args';

const BENCH_PROCESSOR = defineCommand({
  name: 'bench:processor',
  usage: `usage: npm run bench:processor [-- options]
Against local DynamoDB, S3 and SQS servers, in one run: the server's BatchWriteItem ceiling, a
fanned-out file, concurrent files, and a single file ingested inline (its \`ingest:\` line last), plus
CSV parse+validate rows/s and each bundle's module init time. Needs npm run build:lambdas.
  --rows N        rows in the fan-out file (default 1000000)
  --workers W     worker invocations at once, the event source mapping's maximum (default 8, as npm run local)
  --files K       files delivered at once in the concurrent run (default 10)
  --file-rows M   rows in each of those files (default 100000)
  --calls C       BatchWriteItem calls in flight for the ceiling (default 32)
  --planner-gib G instead of the above: the planner alone on a G GiB file of valid rows and on one
                  of invalid rows, each in a process of its own; one \`planner:\` line each with
                  its time and peak RSS
  -h, --help      this help`,
  options: {
    rows: { type: 'string', default: '1000000' },
    workers: { type: 'string', default: '8' },
    files: { type: 'string', default: '10' },
    'file-rows': { type: 'string', default: '100000' },
    calls: { type: 'string', default: '32' },
    'planner-gib': { type: 'string' },
  },
});
const { values: args } = BENCH_PROCESSOR.begin();
const { FANOUT_ROWS, WORKERS, FILES, FILE_ROWS, CALLS } = BENCH_PROCESSOR.orExit(() => ({
  FANOUT_ROWS: integer('--rows', args.rows, { min: 1 }),
  WORKERS: integer('--workers', args.workers, { min: 1 }),
  FILES: integer('--files', args.files, { min: 1 }),
  FILE_ROWS: integer('--file-rows', args['file-rows'], { min: 1 }),
  CALLS: integer('--calls', args.calls, { min: 1 }),
}));
const PLANNER_GIB = BENCH_PROCESSOR.orExit(() => {
  const raw = args['planner-gib'];
  if (raw === undefined) return undefined;
  const gib = Number(raw);
  // The upload limit is 1 GiB; a file past it never reaches the planner.
  if (!(gib > 0 && gib <= 1)) throw new UsageError(`--planner-gib must be a number in (0, 1], not ${raw}`);
  return gib;
});
/** The ceiling is measured on enough rows to last several seconds at ~10k rows/s. */
const CEILING_ROWS = 200_000;
/** The deployed sizes: the fan-out run uses the processor's own defaults. */
const PART_BYTES = DEFAULT_PART_BYTES;
const INLINE_BYTES = DEFAULT_INLINE_BYTES;

const INGEST_ROWS = 100_000;
const PARSE_ROWS = 1_000_000;
const CHUNK_BYTES = 64 * 1024;

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

function parseAndValidate(bytes: Buffer): number {
  let rows = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const collector: RowCollector = new RowCollector(
    () => {
      rows++;
    },
    () => parser.lastRaw(),
    Number.MAX_SAFE_INTEGER,
  );
  const parser = new CsvStreamParser(collector);
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES)
    parser.write(decoder.decode(bytes.subarray(at, at + CHUNK_BYTES), { stream: true }));
  parser.write(decoder.decode());
  parser.end();
  return rows;
}

function parseValidateRate(): number {
  const bytes = Buffer.from(generatedCsv(PARSE_ROWS, 'P', 50));
  const rates: number[] = [];
  for (let run = 0; run < 6; run++) {
    const started = performance.now();
    const rows = parseAndValidate(bytes);
    const seconds = (performance.now() - started) / 1000;
    if (rows !== PARSE_ROWS) throw new Error(`parsed ${rows} rows, expected ${PARSE_ROWS}`);
    // The first run warms the JIT; a long-lived Lambda container runs warm too.
    if (run > 0) rates.push(rows / seconds);
  }
  return median(rates);
}

/** Module init of a bundle in a fresh Node process, median of 5. */
function initMs(name: string): number {
  const file = join(LAMBDA_DIST, name, 'index.mjs');
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const out = execFileSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', script], {
      env: process.env,
      encoding: 'utf8',
    });
    times.push(Number(out));
  }
  return median(times);
}

async function ingestRate(): Promise<{ rows: number; seconds: number }> {
  await testEnvironment();
  const file = await uploadThroughApi(generatedCsv(INGEST_ROWS, 'BENCH', 50), 'bench.csv');
  const started = performance.now();
  await deliver([file.key]);
  const seconds = (performance.now() - started) / 1000;
  const status = await jobStatus(file.jobId);
  if (status.status !== 'COMPLETED' || status.rowsStored !== INGEST_ROWS)
    throw new Error(`the bench job ended ${status.status} with ${status.rowsStored} rows stored`);
  return { rows: INGEST_ROWS, seconds };
}

/** A raw loader: CALLS BatchWriteItem calls in flight, unprocessed items retried at once. */
async function ceilingRate(): Promise<number> {
  const env = await testEnvironment();
  let start = Date.UTC(2023, 0, 1);
  let next = 0;
  const loader = async (): Promise<void> => {
    for (;;) {
      const first = next;
      if (first >= CEILING_ROWS) return;
      next = Math.min(CEILING_ROWS, first + 25);
      let requests: unknown[] = [];
      for (let i = first; i < next; i++)
        requests.push({
          PutRequest: {
            Item: {
              [MARKET_DATA_KEY.partition]: `CEIL${i % 50}`,
              [MARKET_DATA_KEY.sort]: new Date(start + i * 1000).toISOString(),
              price: 100.5,
              volume: i,
            },
          },
        });
      while (requests.length > 0) {
        const answer = await env.documentClient.send(
          new BatchWriteCommand({ RequestItems: { [env.marketDataTable]: requests as never } }),
        );
        requests = answer.UnprocessedItems?.[env.marketDataTable] ?? [];
      }
    }
  };
  // Two rounds, the better one counts: the first also warms the server's JIT, as the others find it.
  let best = 0;
  for (let round = 0; round < 2; round++) {
    next = 0;
    start += CEILING_ROWS * 1000;
    const started = performance.now();
    await Promise.all(Array.from({ length: CALLS }, loader));
    best = Math.max(best, CEILING_ROWS / ((performance.now() - started) / 1000));
  }
  return best;
}

async function fanOutRun(): Promise<{ seconds: number; parts: number; peakRssMiB: number }> {
  // Lambda's 300 s worker timeout: a part is never handed to a second worker while the first writes it.
  const queues = await fanOutQueues(300);
  const file = await uploadThroughApi(generatedCsv(FANOUT_ROWS, 'FAN', 50), 'fanout.csv');
  const processor = await fanOutProcessor(queues, PART_BYTES, queues.sqs, INLINE_BYTES);
  const invoke = await worker();
  const started = performance.now();
  await deliver([file.key], processor);
  const { statuses } = await drainParts(queues, [file.jobId], invoke, {
    maxConcurrency: WORKERS,
    timeoutMs: 3_600_000,
    invocationTimeoutMs: 300_000,
  });
  const seconds = (performance.now() - started) / 1000;
  const status = statuses[0];
  if (status?.status !== 'COMPLETED' || status.rowsStored !== FANOUT_ROWS)
    throw new Error(`the fan-out job ended ${status?.status} with ${status?.rowsStored} rows stored`);
  return { seconds, parts: status.partsTotal, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
}

async function concurrentRun(): Promise<number> {
  const files = await Promise.all(
    Array.from({ length: FILES }, (_, k) =>
      uploadThroughApi(generatedCsv(FILE_ROWS, `C${k}X`, 50), `concurrent-${k}.csv`),
    ),
  );
  const started = performance.now();
  await Promise.all(files.map((file) => deliver([file.key])));
  const seconds = (performance.now() - started) / 1000;
  for (const file of files) {
    const status = await jobStatus(file.jobId);
    if (!FINAL_JOB_STATUSES.includes(status.status) || status.rowsStored !== FILE_ROWS)
      throw new Error(`a concurrent job ended ${status.status} with ${status.rowsStored} rows stored`);
  }
  return seconds;
}

if (PLANNER_GIB !== undefined) {
  for (const run of await plannerRuns(PLANNER_GIB)) console.log(plannerLine(run));
  process.exit(0);
}

const parseRate = parseValidateRate();
const ceiling = await ceilingRate();
const fanOut = await fanOutRun();
const concurrentSeconds = await concurrentRun();
const ingest = await ingestRate();
const inits: Record<string, number> = {};
for (const name of FUNCTION_NAMES) {
  inits[name] = initMs(name);
  console.log(`init ${name}: ${inits[name].toFixed(0)} ms`);
}
const percent = (rate: number): string => ((100 * rate) / ceiling).toFixed(0);
const fanOutRate = FANOUT_ROWS / fanOut.seconds;
const concurrentRate = (FILES * FILE_ROWS) / concurrentSeconds;
console.log(`ceiling: ${Math.round(ceiling)} rows/s (raw BatchWriteItem, ${CALLS} parallel calls)`);
console.log(
  `fan-out: ${FANOUT_ROWS} rows in ${fanOut.seconds.toFixed(1)} s (${Math.round(fanOutRate)} rows/s, ${percent(fanOutRate)}% of ceiling) with ${WORKERS} workers; peak RSS ${Math.round(fanOut.peakRssMiB)} MiB`,
);
console.log(
  `concurrent: ${FILES} files x ${FILE_ROWS} rows in ${concurrentSeconds.toFixed(1)} s (${Math.round(concurrentRate)} rows/s, ${percent(concurrentRate)}% of ceiling)`,
);
const rate = ingest.rows / ingest.seconds;
console.log(
  `ingest: ${ingest.rows} rows in ${ingest.seconds.toFixed(2)} s (${Math.round(rate)} rows/s); parse+validate: ${Math.round(parseRate)} rows/s; init: ${(inits.processor ?? 0).toFixed(0)} ms`,
);
