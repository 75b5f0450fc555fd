/**
 * Files shaped to break the planner, each taken through the fan-out path (planner, parts queue,
 * workers) at a scale a test can afford, then checked in the table and on the job: every valid key
 * stored once, exact counts, a clear reason when the file is refused, and no parts left behind.
 */
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MIN_PIECE_BYTES } from '../../lambda-src/processor/rejected-rows-report';
import { reportKey, type StatusResponse } from '../../src/contract';
import { deliver, uploadThroughApi } from '../support/api';
import { testEnvironment } from '../support/environment';
import {
  drainParts,
  fanOutProcessor,
  fanOutQueues,
  storedCount,
  storedPrice,
  worker,
} from '../support/fanout';

/** ~40-byte rows: 16 KiB parts hold ~400 rows; chunks of 2 KiB make each part a run of objects. */
const PART_BYTES = 16 * 1024;
const CHUNK_BYTES = 2 * 1024;

test.before(async () => {
  await testEnvironment();
});

async function plannedAndDrained(
  content: string,
  name: string,
  overrides: Parameters<typeof fanOutProcessor>[4] = {},
): Promise<StatusResponse> {
  const queues = await fanOutQueues();
  const file = await uploadThroughApi(content, name);
  await deliver(
    [file.key],
    await fanOutProcessor(queues, PART_BYTES, queues.sqs, PART_BYTES, {
      chunkBytes: CHUNK_BYTES,
      ...overrides,
    }),
  );
  const { statuses } = await drainParts(queues, [file.jobId], await worker(undefined, undefined, { queues }));
  const status = statuses[0];
  if (status === undefined) throw new Error('no status');
  const env = await testEnvironment();
  const left = await env.s3.send(
    new ListObjectsV2Command({ Bucket: env.bucket, Prefix: `parts/${file.jobId}/` }),
  );
  assert.is(left.KeyCount ?? 0, 0, 'no part objects are left behind');
  return status;
}

async function reportText(jobId: string): Promise<string> {
  const env = await testEnvironment();
  const answer = await env.s3.send(new GetObjectCommand({ Bucket: env.bucket, Key: reportKey(jobId) }));
  return (await answer.Body?.transformToString('utf-8')) ?? '';
}

const time = (second: number): string => new Date(Date.UTC(2024, 0, 1) + second * 1000).toISOString();

/** A deterministic shuffle (so a failure can be replayed). */
function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed;
  const random = (): number => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

test('an all-invalid file stores nothing, counts every row rejected and reports each one', async () => {
  const rows = 2_000;
  const lines = ['symbol,timestamp,price,volume'];
  for (let i = 0; i < rows; i++) lines.push(`HOSA${i % 7},2024-13-01T00:00:00Z,1.5,${i}`);
  const status = await plannedAndDrained(`${lines.join('\n')}\n`, 'all-invalid.csv');
  assert.equal(
    [status.status, status.rowsTotal, status.rowsStored, status.rowsRejected, status.partsTotal],
    ['COMPLETED_WITH_ERRORS', rows, 0, rows, 0],
  );
  assert.is(status.errors.length, 100);
  const report = (await reportText(status.jobId)).trim().split('\r\n');
  assert.is(report.length, rows + 1);
  assert.is(await storedCount(Array.from({ length: 7 }, (_, s) => `HOSA${s}`)), 0);
});

test('a shuffled file with repeated keys stores each key once, the later line winning', async () => {
  const keys = 2_500;
  const entries = Array.from({ length: keys }, (_, i) => `HOSB${i % 3},${time(i)},${100 + (i % 50)}.25,${i}`);
  // Every 10th key appears again later in the file with a new price: that row must win.
  const repeats = entries.filter((_, i) => i % 10 === 0).map((line) => line.replace(/\.25,/, '.75,'));
  const lines = ['symbol,timestamp,price,volume', ...shuffled(entries, 17), ...shuffled(repeats, 29)];
  const status = await plannedAndDrained(`${lines.join('\n')}\n`, 'shuffled.csv');
  assert.equal(
    [status.status, status.rowsTotal, status.rowsStored, status.rowsDuplicate, status.rowsRejected],
    ['COMPLETED', keys + repeats.length, keys, repeats.length, 0],
  );
  assert.is(await storedCount(['HOSB0', 'HOSB1', 'HOSB2']), keys);
  assert.is(await storedPrice('HOSB0', time(0)), '100.75');
  assert.is(await storedPrice('HOSB1', time(1)), '101.25');
});

test('a one-symbol file newest first is split across parts and stored whole', async () => {
  const rows = 3_000;
  const lines = ['symbol,timestamp,price,volume'];
  for (let i = rows - 1; i >= 0; i--) lines.push(`HOSC,${time(i)},${100 + (i % 9)}.5,${i}`);
  const status = await plannedAndDrained(`${lines.join('\n')}\n`, 'one-symbol.csv');
  assert.ok(status.partsTotal > 1, `partsTotal ${status.partsTotal}`);
  assert.equal([status.status, status.rowsTotal, status.rowsStored], ['COMPLETED', rows, rows]);
  assert.is(await storedCount(['HOSC']), rows);
});

test('a file over the row limit is refused when the limit is crossed, and nothing is written', async () => {
  const lines = ['symbol,timestamp,price,volume'];
  // Invalid rows too: the limit counts rows, and a refused file leaves no report either.
  for (let i = 0; i < 3_000; i++) lines.push(i % 5 === 0 ? `HOSD,bad,1,1` : `HOSD,${time(i)},1.5,${i}`);
  const status = await plannedAndDrained(`${lines.join('\n')}\n`, 'too-many-rows.csv', { maxRows: 1_000 });
  assert.equal(
    [status.status, status.rowsTotal, status.rowsStored, status.partsTotal],
    ['FAILED', 1_001, 0, 0],
  );
  assert.is(status.failureReason, 'the file has more than 1000 rows; split it into smaller files');
  assert.is(await storedCount(['HOSD']), 0);
  const env = await testEnvironment();
  const report = await env.s3.send(
    new ListObjectsV2Command({ Bucket: env.bucket, Prefix: `reports/${status.jobId}/` }),
  );
  assert.is(report.KeyCount ?? 0, 0, 'no report for a refused file');
});

test('a report too large for one string is streamed in pieces and reads back whole', async () => {
  // V8's string limit (536,870,888 characters) scaled down to S3's smallest piece: the report is
  // held at most one 5 MiB piece at a time, and this one needs three.
  const rows = 40_000;
  const padding = 'x'.repeat(300);
  const lines = ['symbol,timestamp,price,volume'];
  for (let i = 0; i < rows; i++) lines.push(`HOSE,${time(i)},not-a-price-${padding},${i}`);
  const content = `${lines.join('\n')}\n`;
  const status = await plannedAndDrained(content, 'big-report.csv', { reportPieceBytes: MIN_PIECE_BYTES });
  assert.equal([status.status, status.rowsRejected, status.rowsStored], ['COMPLETED_WITH_ERRORS', rows, 0]);
  const report = await reportText(status.jobId);
  assert.ok(report.length > 2 * MIN_PIECE_BYTES, `report of ${report.length} bytes`);
  const reportLines = report.trim().split('\r\n');
  assert.is(reportLines.length, rows + 1);
  assert.is(reportLines[0], 'line,reason,record');
  assert.match(reportLines[rows] ?? '', new RegExp(`^${rows + 1},`));
});

test.run();
