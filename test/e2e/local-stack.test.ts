/**
 * The whole pipeline on one machine, through the client library the CLI uses: the local gateway,
 * the built bundles, MinIO's notifications, DynamoDB Local, ElasticMQ and the parts poller. Nothing
 * is mocked; the last test injects a fault on purpose (the jobs table disappears) to see retries
 * end in the dead-letter file.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { tempDir } from '../../scripts/local/servers/process';
import { LOCAL_CREDENTIALS } from '../../scripts/local/sigv4';
import { type LocalStack, startLocalStack } from '../../scripts/local/stack';
import { ApiError, postFile, ServAppClient, UploadRefusedError } from '../../src/client';
import type { ErrorBody } from '../../src/contract';
import { generatedCsv } from '../support/fixtures';
import { REPO_ROOT } from '../support/paths';

const test = suite('npm run local: upload, process, query, end to end');
let stack: LocalStack;
let api: ServAppClient;

const fixture = (name: string) => join(REPO_ROOT, 'test', 'fixtures', 'csv', name);

async function uploadAndFollow(file: string, timeoutMs = 60_000) {
  const job = await api.createUpload('prices.csv');
  await postFile(job.upload, file);
  return api.followJob(job.jobId, undefined, 100, timeoutMs);
}

test.before(async () => {
  stack = await startLocalStack({ port: 0, retryBackoffMs: () => 50, logLevel: 'FATAL' });
  api = new ServAppClient(stack.url);
});

test.after(async () => {
  await stack?.stop();
});

test('a good file is processed to COMPLETED and its rows come back newest first with exact prices', async () => {
  const job = await uploadAndFollow(fixture('exact-decimals.csv'));
  assert.is(job.status, 'COMPLETED');
  assert.is(job.rowsStored, 4);
  const page = await api.results('exact1');
  assert.equal(
    page.items.map((item) => [item.timestamp, item.price, item.volume]),
    [
      ['2024-07-01T00:00:03.000Z', '0.1', 3],
      ['2024-07-01T00:00:02.000Z', '999999999999999.99999999', 2],
      ['2024-07-01T00:00:01.000Z', '123456789.12345678', 1],
      ['2024-07-01T00:00:00.000Z', '0.00000001', 9007199254740991],
    ],
  );
});

test('a file larger than one part is fanned out through ElasticMQ to the worker and every row is stored once', async () => {
  const dir = await tempDir('e2e');
  const file = join(dir, 'large.csv');
  // About 10 MiB: more than the 8 MiB a processor ingests inline, so it fans out into 3 MiB parts.
  await writeFile(file, generatedCsv(200_000, 'LOCALFAN', 50));
  const job = await uploadAndFollow(file, 180_000);
  assert.is(job.status, 'COMPLETED');
  assert.ok(job.partsTotal >= 2, `partsTotal ${job.partsTotal}`);
  assert.equal(
    [job.partsDone, job.partsFailed, job.rowsStored, job.rowsSoFar],
    [job.partsTotal, 0, 200_000, 200_000],
  );
  const symbol = await api.allResults('LOCALFAN7', { limit: 1000 });
  assert.is(symbol.length, 4000);
});

test('time ranges and pagination through the API', async () => {
  const dir = await tempDir('e2e');
  const rows = ['symbol,timestamp,price,volume'];
  for (let i = 0; i < 25; i += 1)
    rows.push(`PAGED,2024-05-01T00:00:${String(i).padStart(2, '0')}Z,${i + 1}.5,${i}`);
  await writeFile(join(dir, 'paged.csv'), `${rows.join('\n')}\n`);
  assert.is((await uploadAndFollow(join(dir, 'paged.csv'))).rowsStored, 25);
  const first = await api.results('PAGED', { limit: 10 });
  assert.is(first.items.length, 10);
  assert.ok(first.nextToken);
  const all = await api.allResults('PAGED', { limit: 7 });
  assert.equal(
    all.map((item) => item.volume),
    Array.from({ length: 25 }, (_, i) => 24 - i),
  );
  const ranged = await api.allResults('PAGED', { from: '2024-05-01T00:00:05Z', to: '2024-05-01T00:00:07Z' });
  assert.equal(
    ranged.map((item) => item.volume),
    [7, 6, 5],
  );
});

test('a file with bad rows ends COMPLETED_WITH_ERRORS with each rejected line, the good rows stored', async () => {
  const job = await uploadAndFollow(fixture('rules.csv'));
  assert.is(job.status, 'COMPLETED_WITH_ERRORS');
  assert.ok(job.rowsRejected > 0 && job.rowsStored > 0);
  assert.is(job.errors.length, job.rowsRejected);
  assert.ok(job.errors.every((error) => error.line > 1 && error.reason.length > 0));
});

test('an upload that breaks the presigned POST policy is refused by the S3 server; the job stays PENDING', async () => {
  const dir = await tempDir('e2e');
  const file = join(dir, 'big.csv');
  await writeFile(file, `symbol,timestamp,price,volume\n${'BIG,2024-01-01T00:00:00Z,1,1\n'.repeat(10)}`);
  const job = await api.createUpload('big.csv');
  // The policy pins Content-Type to text/csv (the size limit is proven in test/lambda/upload.test.ts).
  const fields = { ...job.upload.fields, 'Content-Type': 'application/x-sh' };
  const refused = await postFile({ url: job.upload.url, fields }, file).catch((error: unknown) => error);
  assert.instance(refused, UploadRefusedError);
  assert.is((refused as UploadRefusedError).status, 403);
  const status = await api.status(job.jobId);
  assert.is(status.status, 'PENDING');
});

test("gateway errors: standard shape, the caller's correlation id, CORS", async () => {
  const response = await fetch(`${stack.url}/upload`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Correlation-Id': 'e2e-corr-1' },
    body: JSON.stringify({ fileName: 'a.csv', fileType: 'xlsx' }),
  });
  assert.is(response.status, 400);
  assert.is(response.headers.get('access-control-allow-origin'), '*');
  assert.is(response.headers.get('x-correlation-id'), 'e2e-corr-1');
  const body = (await response.json()) as ErrorBody;
  assert.equal(body, {
    error: { code: 'VALIDATION_FAILED', message: 'Invalid request body' },
    correlationId: 'e2e-corr-1',
  });
  const unknown = await fetch(`${stack.url}/nowhere`);
  assert.is(unknown.status, 403);
  assert.is(((await unknown.json()) as ErrorBody).error.code, 'UNAUTHENTICATED');
  const preflight = await fetch(`${stack.url}/upload`, { method: 'OPTIONS' });
  assert.is(preflight.status, 200);
  assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/);
  const missing = await api.status('00000000-0000-4000-8000-000000000000').catch((error: unknown) => error);
  assert.instance(missing, ApiError);
  assert.is((missing as ApiError).status, 404);
  assert.ok((missing as ApiError).correlationId);
});

test('a header or query parameter named __proto__ is an ordinary name (found by the fuzzer: it was a 500)', async () => {
  const response = await fetch(`${stack.url}/status/00000000-0000-4000-8000-000000000000?__proto__=1`, {
    headers: [
      ['__proto__', '"'],
      ['constructor', 'x'],
    ],
  });
  assert.is(response.status, 404);
  assert.is(((await response.json()) as ErrorBody).error.code, 'NOT_FOUND');
});

test('the OpenAPI document is served', async () => {
  const doc = (await (await fetch(`${stack.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
  assert.equal(Object.keys(doc.paths).sort(), ['/results/{symbol}', '/status/{jobId}', '/upload']);
});

test('the stage throttle (1000/s, burst 2000) answers 429 in the standard shape once the bucket is empty', async () => {
  const statuses = new Map<number, number>();
  let throttledBody: ErrorBody | undefined;
  const send = async () => {
    const response = await fetch(`${stack.url}/upload`, { method: 'OPTIONS' });
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    if (response.status === 429) throttledBody = (await response.json()) as ErrorBody;
    else await response.arrayBuffer();
  };
  // 64 concurrent clients outrun a refill of 1,000 a second; they stop at the first 429 (or 20,000 requests).
  let remaining = 20_000;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (remaining > 0 && !statuses.has(429)) {
        remaining -= 1;
        await send();
      }
    }),
  );
  assert.ok((statuses.get(200) ?? 0) >= 2000, JSON.stringify([...statuses]));
  assert.ok((statuses.get(429) ?? 0) > 0, JSON.stringify([...statuses]));
  assert.is(throttledBody?.error.code, 'THROTTLED');
  await new Promise((resolve) => setTimeout(resolve, 2100));
});

test('IAM mode refuses unsigned requests and accepts SigV4 with the local credentials', async () => {
  const secured = await startLocalStack({ port: 0, auth: 'iam', logLevel: 'FATAL' });
  try {
    const unsigned = await fetch(`${secured.url}/status/00000000-0000-4000-8000-000000000000`);
    assert.is(unsigned.status, 403);
    assert.is(((await unsigned.json()) as ErrorBody).error.code, 'UNAUTHENTICATED');
    const { signer } = await import('../../src/client/sigv4');
    const signed = new ServAppClient(secured.url, { signer: signer('us-east-1', LOCAL_CREDENTIALS) });
    const upload = await signed.createUpload('signed.csv');
    assert.ok(upload.jobId);
    const wrong = new ServAppClient(secured.url, {
      signer: signer('us-east-1', { accessKeyId: LOCAL_CREDENTIALS.accessKeyId, secretAccessKey: 'wrong' }),
    });
    const refused = await wrong.status(upload.jobId).catch((error: unknown) => error);
    assert.is((refused as ApiError).status, 403);
  } finally {
    await secured.stop();
  }
});

test("API-key mode (apiAuth API_KEY) refuses requests without the key and serves the project's client with it", async () => {
  const keyed = await startLocalStack({ port: 0, auth: 'api-key', environment: 'prod', logLevel: 'FATAL' });
  try {
    assert.ok(keyed.apiKey && keyed.apiKey.length >= 20);
    const bare = await fetch(`${keyed.url}/status/00000000-0000-4000-8000-000000000000`);
    assert.is(bare.status, 403);
    assert.is(((await bare.json()) as ErrorBody).error.code, 'UNAUTHENTICATED');
    const client = new ServAppClient(keyed.url, { apiKey: keyed.apiKey ?? '' });
    const upload = await client.createUpload('keyed.csv');
    assert.is((await client.status(upload.jobId)).status, 'PENDING');
    const wrong = new ServAppClient(keyed.url, { apiKey: 'not-the-key' });
    const refused = await wrong.status(upload.jobId).catch((error: unknown) => error);
    assert.is((refused as ApiError).status, 403);
  } finally {
    await keyed.stop();
  }
});

test('a processor that fails every attempt is retried twice, then its event is dead-lettered', async () => {
  const job = await api.createUpload('doomed.csv');
  const dynamo = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: stack.endpoints.dynamodb,
    credentials: LOCAL_CREDENTIALS,
  });
  await dynamo.send(new DeleteTableCommand({ TableName: stack.names.jobsTable }));
  dynamo.destroy();
  await postFile(job.upload, fixture('happy-path.csv'));
  const deadline = Date.now() + 30_000;
  let lines: string[] = [];
  while (Date.now() < deadline && lines.length === 0) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    await stack.drain();
    lines = readFileSync(stack.deadLetterFile, { encoding: 'utf8', flag: 'a+' }).split('\n').filter(Boolean);
  }
  assert.is(lines.length, 1);
  const record = JSON.parse(lines[0] ?? '{}') as {
    attempts: number;
    event: { Records: { s3: { object: { key: string } } }[] };
  };
  assert.is(record.attempts, 3);
  assert.ok(decodeURIComponent(record.event.Records[0]?.s3.object.key ?? '').includes(job.jobId));
});

test.run();
