/**
 * `npm run bench:processor`: the processor's three numbers, last line
 * `ingest: <n> rows in <s> s (<r> rows/s); parse+validate: <p> rows/s; init: <ms> ms`
 *  - ingest: a 100k-row file end to end, MinIO → processor bundle → DynamoDB Local;
 *  - parse+validate: decoding, CSV parsing and row validation with no I/O, on one core;
 *  - init: module init of each bundle in a fresh Node process (the processor's is on the last line).
 * Needs `npm run build:lambdas` first, and the servers from scripts/provision-tools.sh.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { RowCollector } from '../lambda-src/processor/row-collector';
import { CsvStreamParser } from '../lambda-src/shared/csv-parser';
import { FUNCTION_NAMES } from '../src/contract';
import { deliver, jobStatus, uploadThroughApi } from '../test/support/api';
import { LAMBDA_DIST } from '../test/support/bundles';
import { testEnvironment } from '../test/support/environment';
import { generatedCsv } from '../test/support/fixtures';
import { defineCommand } from './cli/args';

defineCommand({
  name: 'bench:processor',
  usage: `usage: npm run bench:processor
The processor's throughput: a 100k-row ingest (MinIO → processor bundle → DynamoDB Local), CSV
parse+validate rows/s on one core, and each bundle's module init time. Needs npm run build:lambdas.
  -h, --help   this help`,
  options: {},
}).begin();

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

const parseRate = parseValidateRate();
const ingest = await ingestRate();
const inits: Record<string, number> = {};
for (const name of FUNCTION_NAMES) {
  inits[name] = initMs(name);
  console.log(`init ${name}: ${inits[name].toFixed(0)} ms`);
}
const rate = ingest.rows / ingest.seconds;
console.log(
  `ingest: ${ingest.rows} rows in ${ingest.seconds.toFixed(2)} s (${Math.round(rate)} rows/s); parse+validate: ${Math.round(parseRate)} rows/s; init: ${(inits.processor ?? 0).toFixed(0)} ms`,
);
