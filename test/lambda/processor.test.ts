import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { reportKey } from '../../src/contract';
import { allResults, createJob, deliver, jobStatus, uploadThroughApi } from '../support/api';
import { loadBundle } from '../support/bundles';
import { testEnvironment } from '../support/environment';
import { csvFixture } from '../support/fixtures';
import { withoutLogs } from '../support/quiet-logs';

/** Creates a job and puts the bytes at its key directly (the presigned POST refuses empty files). */
async function putForJob(
  content: string | Buffer,
  fileName = 'direct.csv',
): Promise<{ jobId: string; key: string }> {
  const env = await testEnvironment();
  const job = await createJob(fileName);
  const key = job.upload.fields.key ?? '';
  await env.s3.send(
    new PutObjectCommand({
      Bucket: env.bucket,
      Key: key,
      Body: content,
      ContentLength: Buffer.byteLength(content),
      ContentType: 'text/csv',
    }),
  );
  return { jobId: job.jobId, key };
}

test.before(async () => {
  await testEnvironment();
});

test('happy path: upload through the API, S3 event, job COMPLETED, rows queryable newest first', async () => {
  const file = await uploadThroughApi(csvFixture('happy-path.csv'), 'happy path.csv');
  const result = await deliver([file.key]);
  assert.is(result.uploads[0]?.result, 'finished');
  const status = await jobStatus(file.jobId);
  assert.equal(
    { ...status, createdAt: '', updatedAt: '' },
    {
      jobId: file.jobId,
      status: 'COMPLETED',
      fileName: 'happy path.csv',
      rowsTotal: 3,
      rowsStored: 3,
      rowsRejected: 0,
      rowsDuplicate: 0,
      errors: [],
      // One part: ingested inline, no parts queued; rows so far is every row once the job is final.
      partsTotal: 0,
      partsDone: 0,
      partsFailed: 0,
      rowsSoFar: 3,
      // A final job is done: progress 1, and no time left to estimate.
      progress: 1,
      createdAt: '',
      updatedAt: '',
    },
  );
  assert.equal(await allResults('HAPPY1'), [
    { symbol: 'HAPPY1', timestamp: '2024-03-01T09:31:00.500Z', price: '187.3', volume: 800 },
    { symbol: 'HAPPY1', timestamp: '2024-03-01T09:30:00.000Z', price: '187.25', volume: 1200 },
  ]);
  assert.equal(await allResults('happy2'), [
    { symbol: 'HAPPY2', timestamp: '2024-03-01T09:30:00.000Z', price: '42.00000001', volume: 0 },
  ]);
});

test('every CSV rule: good rows stored, bad rows rejected with line and reason, report written', async () => {
  const env = await testEnvironment();
  const file = await uploadThroughApi(csvFixture('rules.csv'));
  await deliver([file.key]);
  const status = await jobStatus(file.jobId);
  assert.is(status.status, 'COMPLETED_WITH_ERRORS');
  assert.equal(
    [status.rowsTotal, status.rowsStored, status.rowsRejected, status.rowsDuplicate],
    [17, 4, 13, 0],
  );
  const expected: [number, RegExp][] = [
    [6, /^symbol/],
    [7, /^symbol/],
    [8, /^symbol/],
    [9, /^timestamp/],
    [10, /^timestamp/],
    [11, /^timestamp/],
    [12, /^price/],
    [13, /^price/],
    [14, /^price/],
    [15, /^price/],
    [16, /^volume/],
    [17, /^volume/],
    [18, /^expected 5 fields as in the header, found 4$/],
  ];
  assert.is(status.errors.length, expected.length, JSON.stringify(status.errors));
  for (const [index, [line, reason]] of expected.entries()) {
    assert.is(status.errors[index]?.line, line);
    assert.match(status.errors[index]?.reason ?? '', reason);
  }
  assert.equal(
    (await allResults('RULE.A')).map((row) => row.timestamp),
    ['2024-01-02T03:04:05.000Z'],
  );
  assert.equal(
    (await allResults('RULE-B')).map((row) => row.timestamp),
    ['2024-01-02T08:04:05.000Z'],
  );
  assert.equal(await allResults('RULEC'), [
    { symbol: 'RULEC', timestamp: '2024-01-02T03:04:06.000Z', price: '0.00000001', volume: 0 },
    { symbol: 'RULEC', timestamp: '2024-01-02T03:04:05.123Z', price: '10.12345678', volume: 100 },
  ]);
  assert.equal(await allResults('RULEE'), []);

  const report = await env.s3.send(new GetObjectCommand({ Bucket: env.bucket, Key: reportKey(file.jobId) }));
  const lines = (await report.Body?.transformToString())?.trimEnd().split('\r\n') ?? [];
  assert.is(lines[0], 'line,reason,record');
  assert.is(lines.length, 14);
  assert.match(
    lines[1] ?? '',
    /^6,"symbol must be .*","100,bad symbol chars,10.5,2024-01-02T03:04:05Z,RULE_D"$/,
  );
  const listed = await env.s3.send(
    new ListObjectsV2Command({ Bucket: env.bucket, Prefix: `incoming/${file.jobId}/` }),
  );
  assert.equal(
    listed.Contents?.map((object) => object.Key),
    [file.key],
    'the report is not written under incoming/, which would trigger the processor again',
  );
});

test('a row with more fields than the header is rejected', async () => {
  const file = await uploadThroughApi(
    'symbol,timestamp,price,volume\nWIDE1,2024-01-01T00:00:00Z,1,1,extra\n',
  );
  await deliver([file.key]);
  const status = await jobStatus(file.jobId);
  assert.equal(status.errors, [{ line: 2, reason: 'expected 4 fields as in the header, found 5' }]);
});

test('RFC 4180: BOM, CRLF, quoted fields, escaped quotes, multi-line fields, blank lines', async () => {
  const file = await uploadThroughApi(csvFixture('rfc4180-quoted.csv'));
  await deliver([file.key]);
  const status = await jobStatus(file.jobId);
  assert.equal([status.rowsTotal, status.rowsStored, status.rowsRejected], [6, 5, 1]);
  assert.equal(status.errors, [
    { line: 8, reason: 'malformed CSV: unexpected character after a closing quote' },
  ]);
  assert.equal(
    (await allResults('QUOTE1')).map((row) => [row.timestamp.slice(11, 19), row.price, row.volume]),
    [
      ['07:08:14', '2.5', 15],
      ['07:08:12', '2', 13],
      ['07:08:11', '1.75', 12],
      ['07:08:10', '1.5', 11],
      ['07:08:09', '1.25', 10],
    ],
  );
});

test('duplicates in one file: the later row wins and counts as a duplicate', async () => {
  const file = await uploadThroughApi(csvFixture('duplicates.csv'));
  await deliver([file.key]);
  const status = await jobStatus(file.jobId);
  assert.equal(
    [status.status, status.rowsTotal, status.rowsStored, status.rowsDuplicate],
    ['COMPLETED', 4, 2, 2],
  );
  assert.equal(
    (await allResults('DUPE1')).map((row) => [row.timestamp, row.price, row.volume]),
    [
      ['2024-06-01T00:00:01.000Z', '4', 4],
      ['2024-06-01T00:00:00.000Z', '3', 3],
    ],
  );
});

test('the later duplicate wins even when the earlier one went out in an earlier batch', async () => {
  const rows = ['symbol,timestamp,price,volume'];
  for (let i = 0; i < 200; i++)
    rows.push(`DUPE2,2024-06-01T00:00:${String(i % 60).padStart(2, '0')}Z,${i + 1},${i}`);
  const file = await uploadThroughApi(`${rows.join('\n')}\n`);
  await deliver([file.key]);
  const status = await jobStatus(file.jobId);
  assert.equal([status.rowsTotal, status.rowsStored, status.rowsDuplicate], [200, 60, 140]);
  const stored = await allResults('DUPE2');
  assert.is(stored.length, 60);
  for (const row of stored) {
    const second = Number(row.timestamp.slice(17, 19));
    assert.is(row.volume, 180 + second >= 200 ? 120 + second : 180 + second, row.timestamp);
  }
});

test('an empty file fails the job with a clear reason', async () => {
  const file = await putForJob('');
  const result = await deliver([file.key]);
  assert.is(result.uploads[0]?.result, 'finished');
  const status = await jobStatus(file.jobId);
  assert.is(status.status, 'FAILED');
  assert.match(
    status.failureReason ?? '',
    /the file is empty; a header row naming symbol, timestamp, price, volume/,
  );
});

test('a header-only file completes with no rows', async () => {
  const file = await uploadThroughApi(csvFixture('header-only.csv'));
  await deliver([file.key]);
  const status = await jobStatus(file.jobId);
  assert.equal([status.status, status.rowsTotal, status.rowsStored], ['COMPLETED', 0, 0]);
});

test('a bad header fails the job and stores nothing', async () => {
  const file = await uploadThroughApi(csvFixture('bad-header.csv'));
  await deliver([file.key]);
  const status = await jobStatus(file.jobId);
  assert.is(status.status, 'FAILED');
  assert.is(
    status.failureReason,
    'line 1: the header lacks symbol, timestamp; it must name symbol, timestamp, price, volume',
  );
});

test('a file that is not CSV text (binary, or not UTF-8) fails the job', async () => {
  const binary = await uploadThroughApi(
    Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x0a, 0x00]),
    'archive.csv',
  );
  const latin1 = await uploadThroughApi(
    Buffer.from('symbol,timestamp,price,volume\nCAF\xe9,x,1,1\n', 'latin1'),
  );
  await deliver([binary.key, latin1.key]);
  for (const file of [binary, latin1]) {
    const status = await jobStatus(file.jobId);
    assert.is(status.status, 'FAILED');
    assert.match(status.failureReason ?? '', /not CSV text/);
  }
});

test('a file over the row limit fails the job with the limit in the reason', async () => {
  const bundle = await loadBundle('processor');
  const limited = bundle.createHandler({ ...bundle.processorDependenciesFromEnv(), maxRows: 3 });
  const file = await uploadThroughApi(
    'symbol,timestamp,price,volume\nLIM1,2024-01-01T00:00:00Z,1,1\nLIM1,2024-01-01T00:00:01Z,1,1\nLIM1,2024-01-01T00:00:02Z,1,1\nLIM1,2024-01-01T00:00:03Z,1,1\n',
  );
  await deliver([file.key], limited);
  const status = await jobStatus(file.jobId);
  assert.is(status.status, 'FAILED');
  assert.is(status.failureReason, 'the file has more than 3 rows; split it into smaller files');
});

test('several records in one event, URL-encoded keys; records outside incoming/ are skipped', async () => {
  const a = await uploadThroughApi(
    'symbol,timestamp,price,volume\nMULTI1,2024-01-01T00:00:00Z,1,1\n',
    'a file (1)+é.csv',
  );
  const b = await uploadThroughApi(
    'symbol,timestamp,price,volume\nMULTI2,2024-01-01T00:00:00Z,2,2\n',
    "b's 100% file.csv",
  );
  assert.is(a.key, `incoming/${a.jobId}/a file (1)_é.csv`);
  const result = await withoutLogs(() => deliver([a.key, 'reports/x/rejected-rows.csv', b.key]));
  assert.equal(
    result.uploads.map((upload) => [upload.jobId, upload.result]),
    [
      [a.jobId, 'finished'],
      [b.jobId, 'finished'],
    ],
  );
  assert.is(result.skippedRecords, 1);
  assert.is((await jobStatus(a.jobId)).rowsStored, 1);
  assert.is((await jobStatus(b.jobId)).rowsStored, 1);
});

test('a redelivered event changes nothing: finished jobs are not redone, counts not doubled', async () => {
  const file = await uploadThroughApi(csvFixture('duplicates.csv').toString().replaceAll('DUPE1', 'REDO1'));
  await deliver([file.key]);
  const first = await jobStatus(file.jobId);
  const again = await deliver([file.key, file.key]);
  assert.equal(
    again.uploads.map((upload) => (upload.result === 'skipped' ? upload.reason : upload.result)),
    ['the job is already COMPLETED', 'the job is already COMPLETED'],
  );
  assert.equal(await jobStatus(file.jobId), first);
  assert.is((await allResults('REDO1')).length, 2);
});

test('a key that is not the one issued for its job, or an unknown job, is skipped', async () => {
  const env = await testEnvironment();
  const job = await createJob('real.csv');
  const stray = `incoming/${job.jobId}/other.csv`;
  const unknown = 'incoming/00000000-0000-4000-8000-000000000000/x.csv';
  await env.s3.send(new PutObjectCommand({ Bucket: env.bucket, Key: stray, Body: 'symbol\n' }));
  const result = await deliver([stray, unknown]);
  assert.equal(
    result.uploads.map((upload) => (upload.result === 'skipped' ? upload.reason : upload.result)),
    ['the key is not the one issued for the job', 'no such job'],
  );
  assert.is((await jobStatus(job.jobId)).status, 'PENDING');
});

test('a run that crashed mid-way is retried and finishes the job with nothing lost', async () => {
  const bundle = await loadBundle('processor');
  const deps = bundle.processorDependenciesFromEnv();
  let writes = 0;
  const crashing = bundle.createHandler({
    ...deps,
    documentClient: {
      send: ((command: Parameters<typeof deps.documentClient.send>[0]) => {
        if ('RequestItems' in (command.input as object) && ++writes > 3)
          return Promise.reject(new Error('Lambda was stopped (simulated crash)'));
        return deps.documentClient.send(command);
      }) as typeof deps.documentClient.send,
    },
  });
  const rows = ['symbol,timestamp,price,volume'];
  for (let i = 0; i < 500; i++)
    rows.push(
      `CRASH1,2024-01-01T00:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z,${i + 1}.5,${i}`,
    );
  const file = await uploadThroughApi(`${rows.join('\n')}\n`);
  await withoutLogs(async () => {
    let thrown: unknown;
    try {
      await deliver([file.key], crashing);
    } catch (error) {
      thrown = error;
    }
    assert.instance(thrown, Error, 'the invocation fails so that Lambda retries it');
  });
  assert.is((await jobStatus(file.jobId)).status, 'PROCESSING');
  await deliver([file.key]);
  const status = await jobStatus(file.jobId);
  assert.equal([status.status, status.rowsTotal, status.rowsStored], ['COMPLETED', 500, 500]);
  assert.is((await allResults('CRASH1')).length, 500);
});

test('the last attempt that still fails marks the job FAILED instead of leaving it PROCESSING', async () => {
  const bundle = await loadBundle('processor');
  const deps = bundle.processorDependenciesFromEnv();
  const broken = bundle.createHandler({ ...deps, marketDataTable: 'no-such-market-table' });
  const file = await uploadThroughApi('symbol,timestamp,price,volume\nLAST1,2024-01-01T00:00:00Z,1,1\n');
  const failures = await withoutLogs(async () => {
    let count = 0;
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        await deliver([file.key], broken);
      } catch {
        count++;
      }
    }
    return count;
  });
  assert.is(failures, 2, 'the first two attempts throw for a retry; the third records the failure');
  const status = await jobStatus(file.jobId);
  assert.is(status.status, 'FAILED');
  assert.match(status.failureReason ?? '', /processing failed on each of 3 attempts \(\w+: /);
});

test.run();
