/**
 * The planner at full size: a generated file of `gib` GiB, uploaded to the local S3 server, planned
 * by the processor bundle in a process of its own (so its peak RSS is the planner's alone), once for
 * a file of valid rows over 500 symbols and once for a file of which every row is invalid. Rows are
 * 54 bytes, so 1 GiB is 19.9M rows, under the 20M-row limit. `BENCH_PLANNER_BUNDLE` names another
 * processor bundle folder, to measure an older build against the same files ("before" and "after").
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, stat, writeFile as writeTextFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { ENV } from '../../src/contract';
import { createJob } from '../../test/support/api';
import { LAMBDA_DIST } from '../../test/support/bundles';
import { testEnvironment } from '../../test/support/environment';
import { fanOutQueues } from '../../test/support/fanout';
import { tempDir } from '../local/servers/process';

export type PlannerFile = 'valid' | 'invalid';

export interface PlannerRun {
  file: PlannerFile;
  bytes: number;
  rows: number;
  seconds: number;
  peakRssMiB: number;
  outcome: string;
}

const GIB = 1024 ** 3;
const SYMBOLS = 500;

/** `S042,2024-01-01T00:00:00.000Z,1234.12345678,1000000042\n`: 54 bytes; the invalid file's month is 13. */
function row(i: number, valid: boolean): string {
  const time = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString();
  const stamp = valid ? time : `${time.slice(0, 5)}13${time.slice(7)}`;
  const price = `${1000 + (i % 9000)}.${String(i % 100_000_000).padStart(8, '0')}`;
  return `S${String(i % SYMBOLS).padStart(3, '0')},${stamp},${price},${1_000_000_000 + (i % 1_000_000_000)}\n`;
}

async function writeFile(path: string, bytes: number, valid: boolean): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  let rows = 0;
  let chunk = 'symbol,timestamp,price,volume\n';
  for (;;) {
    const next = row(rows, valid);
    if (written + chunk.length + next.length > bytes) break;
    chunk += next;
    rows++;
    if (chunk.length >= 4 * 1024 * 1024) {
      written += chunk.length;
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  return rows;
}

async function emptyPrefix(prefix: string): Promise<void> {
  const env = await testEnvironment();
  for (;;) {
    const page = await env.s3.send(new ListObjectsV2Command({ Bucket: env.bucket, Prefix: prefix }));
    const keys = (page.Contents ?? []).map((entry) => ({ Key: entry.Key ?? '' }));
    if (keys.length === 0) return;
    await env.s3.send(new DeleteObjectsCommand({ Bucket: env.bucket, Delete: { Objects: keys } }));
  }
}

export async function plannerRuns(gib: number): Promise<PlannerRun[]> {
  const env = await testEnvironment();
  const queues = await fanOutQueues(300);
  const dir = await tempDir('bench-planner');
  const runs: PlannerRun[] = [];
  for (const file of ['valid', 'invalid'] as const) {
    // Generating 1 GiB takes minutes: the files are kept for the next run, under the system's temp.
    const path = join(tmpdir(), `servapp-bench-planner-${file}-${Math.floor(gib * GIB)}.csv`);
    const rowsPath = `${path}.rows`;
    let rows = Number(await readFile(rowsPath, 'utf8').catch(() => 'NaN'));
    if (!Number.isInteger(rows)) {
      rows = await writeFile(path, Math.floor(gib * GIB), file === 'valid');
      await writeTextFile(rowsPath, String(rows));
    }
    const bytes = (await stat(path)).size;
    const job = await createJob(`${file}.csv`);
    const key = job.upload.fields.key ?? '';
    await env.s3.send(
      new PutObjectCommand({
        Bucket: env.bucket,
        Key: key,
        Body: createReadStream(path),
        ContentLength: bytes,
      }),
    );
    const childArgs = [
      '--import',
      'tsx',
      join(import.meta.dirname, 'planner-child.ts'),
      process.env.BENCH_PLANNER_BUNDLE ?? join(LAMBDA_DIST, 'processor'),
      env.bucket,
      key,
    ];
    // GNU time reports the peak RSS even of a child that dies of out-of-memory (the "before" code).
    const timeFile = join(dir, `${file}.time`);
    const started = performance.now();
    let stdout = '';
    let crash = '';
    try {
      ({ stdout } = await promisify(execFile)(
        '/usr/bin/time',
        ['-f', '%M', '-o', timeFile, process.execPath, ...childArgs],
        {
          env: {
            ...process.env,
            [ENV.partsQueueUrl]: queues.queueUrl,
            AWS_ENDPOINT_URL_SQS: new URL(queues.queueUrl).origin,
          },
          maxBuffer: 64 * 1024 * 1024,
        },
      ));
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? '';
      crash = `died: ${/FATAL ERROR[^\n]*|RangeError[^\n]*|Error[^\n]*/.exec(stderr)?.[0] ?? 'unknown'}`;
    }
    const seconds = (performance.now() - started) / 1000;
    const kib = Number((await readFile(timeFile, 'utf8')).trim().split('\n').pop());
    runs.push({ file, bytes, rows, seconds, peakRssMiB: kib / 1024, outcome: crash || outcomeOf(stdout) });
    // The parts, the report and the upload are a few GiB on the S3 server's disk: let them go.
    await emptyPrefix(`parts/${job.jobId}/`);
    await emptyPrefix(`reports/${job.jobId}/`);
    await emptyPrefix(key);
  }
  return runs;
}

/** The planner's answer in a few words: parts planned, or how the job ended. */
function outcomeOf(stdout: string): string {
  const answer = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
    outcome?: { uploads?: Record<string, unknown>[]; error?: string };
  };
  if (answer.outcome?.error !== undefined) return `failed: ${answer.outcome.error}`;
  const upload = answer.outcome?.uploads?.[0];
  if (upload?.result === 'planned') return `planned ${upload.partsTotal} parts`;
  const outcome = upload?.outcome as Record<string, unknown> | undefined;
  if (outcome === undefined) return JSON.stringify(answer.outcome);
  return `${outcome.status}: ${outcome.rowsRejected} rows rejected, report ${outcome.reportKey ?? 'none'}`;
}

/** `planner: valid 1.00 GiB, 19884107 rows in 78.1 s; peak RSS 1234 MiB (1294 MB); planned 342 parts` */
export function plannerLine(run: PlannerRun): string {
  const mb = Math.round((run.peakRssMiB * 1024 * 1024) / 1e6);
  return `planner: ${run.file} ${(run.bytes / GIB).toFixed(2)} GiB, ${run.rows} rows in ${run.seconds.toFixed(1)} s; peak RSS ${Math.round(run.peakRssMiB)} MiB (${mb} MB); ${run.outcome}`;
}
