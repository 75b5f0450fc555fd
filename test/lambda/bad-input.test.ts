/**
 * The bad-input catalogue (test/fixtures/bad-input/): hostile and malformed requests and CSV files,
 * each with its expected outcome. No crash, a clear 4xx in the standard shape with the correlation
 * id, nothing stored that should not be, nothing valid dropped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { type ErrorBody, reportKey } from '../../src/contract';
import { type ApiFunction, allResults, deliver, jobStatus, uploadThroughApi } from '../support/api';
import { loadBundle } from '../support/bundles';
import { testEnvironment } from '../support/environment';
import { type ApiRequest, apiGatewayEvent, lambdaContext } from '../support/events';
import { REPO_ROOT } from '../support/paths';

interface ApiCase {
  name: string;
  request: Omit<ApiRequest, 'base64'> & { bodyBase64?: string };
  expect: { status: number };
}
interface CsvCase {
  name: string;
  csv?: string;
  csvBase64?: string;
  expect: { status: string; rowsStored: number; rowsRejected?: number; rejectedLine?: number };
}

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'bad-input');
const apiCases = (
  JSON.parse(readFileSync(join(FIXTURES, 'api-requests.json'), 'utf8')) as { cases: ApiCase[] }
).cases;
const csvCases = (JSON.parse(readFileSync(join(FIXTURES, 'csv-files.json'), 'utf8')) as { cases: CsvCase[] })
  .cases;
const HANDLER_OF: Record<string, () => Promise<ApiFunction>> = {
  '/upload': async () => (await loadBundle('upload')).handler,
  '/status/{jobId}': async () => (await loadBundle('status')).handler,
  '/results/{symbol}': async () => (await loadBundle('results')).handler,
};

async function jobCount(): Promise<number> {
  const env = await testEnvironment();
  const scan = await env.documentClient.send(new ScanCommand({ TableName: env.jobsTable, Select: 'COUNT' }));
  return scan.Count ?? 0;
}

const api = suite('bad input at the API: a clear 4xx with the correlation id, nothing stored');

api('the catalogue holds at least 30 API cases and 20 CSV cases', () => {
  assert.ok(apiCases.length >= 30, `${apiCases.length} API cases`);
  assert.ok(csvCases.length >= 20, `${csvCases.length} CSV cases`);
});

for (const c of apiCases) {
  api(`${c.request.method} ${c.request.resource}: ${c.name} → ${c.expect.status}`, async () => {
    await testEnvironment();
    const before = await jobCount();
    const { bodyBase64, ...request } = c.request;
    const event = apiGatewayEvent({
      ...request,
      headers: { 'X-Correlation-Id': `bad-input-${apiCases.indexOf(c)}` },
    });
    if (bodyBase64 !== undefined) {
      event.body = bodyBase64;
      event.isBase64Encoded = true;
    }
    const handler = HANDLER_OF[c.request.resource];
    if (!handler) throw new Error(`no function serves ${c.request.resource}`);
    const result = await (await handler())(event, lambdaContext());
    assert.is(result.statusCode, c.expect.status, result.body);
    const body = JSON.parse(result.body) as ErrorBody;
    assert.equal(Object.keys(body).sort(), ['correlationId', 'error']);
    assert.is(body.correlationId, `bad-input-${apiCases.indexOf(c)}`);
    assert.is(result.headers['X-Correlation-Id'], body.correlationId);
    assert.is(result.headers['Access-Control-Allow-Origin'], '*');
    assert.ok(body.error.message.length > 0);
    assert.not.match(
      result.body,
      /\bat \S+ \(|node_modules|\.ts:\d+|Exception|DynamoDB|servapp-/,
      'no internals leak',
    );
    assert.is(await jobCount(), before, 'no job recorded');
  });
}

api(
  'a correlation id that is not one (control characters, too long) is replaced by the request id',
  async () => {
    const bundle = await loadBundle('status');
    for (const bad of ['abc\u0007def', 'x'.repeat(200), '<script>']) {
      const event = apiGatewayEvent({
        method: 'GET',
        resource: '/status/{jobId}',
        pathParameters: { jobId: 'nope' },
        headers: { 'X-Correlation-Id': bad },
      });
      const result = await bundle.handler(event, lambdaContext());
      const body = JSON.parse(result.body) as ErrorBody;
      assert.is(body.correlationId, event.requestContext.requestId);
    }
  },
);

const csv = suite(
  'bad input in CSV files: bad rows rejected with their line, valid rows stored, files failed whole when they must',
);

for (const c of csvCases) {
  csv(`${c.name} → ${c.expect.status}`, async () => {
    const content = c.csvBase64 !== undefined ? Buffer.from(c.csvBase64, 'base64') : Buffer.from(c.csv ?? '');
    const upload = await uploadThroughApi(content, 'bad-input.csv');
    await deliver([upload.key]);
    const job = await jobStatus(upload.jobId);
    assert.is(job.status, c.expect.status, JSON.stringify(job));
    assert.is(job.rowsStored, c.expect.rowsStored);
    if (c.expect.rowsRejected !== undefined) assert.is(job.rowsRejected, c.expect.rowsRejected);
    if (c.expect.rejectedLine !== undefined) {
      assert.equal(
        job.errors.map((e) => e.line),
        [c.expect.rejectedLine],
      );
      assert.ok((job.errors[0]?.reason.length ?? 0) > 5);
    }
    if (c.expect.status === 'FAILED')
      assert.ok(job.failureReason && job.failureReason.length > 5, 'says why');
  });
}

csv('the rejected-rows report cannot run as a spreadsheet formula', async () => {
  const env = await testEnvironment();
  const upload = await uploadThroughApi(
    'symbol,timestamp,price,volume\n=HYPERLINK("http://x"),2024-03-01T00:00:01Z,1,1\n@SUM(1),2024-03-01T00:00:01Z,1,1\n',
    'formulas.csv',
  );
  await deliver([upload.key]);
  const report = await env.s3.send(
    new GetObjectCommand({ Bucket: env.bucket, Key: reportKey(upload.jobId) }),
  );
  const text = (await report.Body?.transformToString('utf8')) ?? '';
  assert.match(text, /"'=HYPERLINK\(""http:\/\/x""\),2024/);
  assert.match(text, /"'@SUM\(1\),2024/);
  assert.not.match(text, /(^|,)"[=+@-]/m);
});

csv('the valid rows of the bad files were all stored, once, and no bad row reached the table', async () => {
  const rows = await allResults('SAFE1');
  assert.equal(rows, [
    { symbol: 'SAFE1', timestamp: '2024-03-01T00:00:00.000Z', price: '101.25', volume: 10 },
  ]);
  const env = await testEnvironment();
  const scan = await env.documentClient.send(new ScanCommand({ TableName: env.marketDataTable }));
  const symbols = new Set((scan.Items ?? []).map((item) => String(item.symbol)));
  for (const symbol of symbols) assert.match(symbol, /^[A-Z0-9.-]{1,16}$/);
  for (const bad of [
    'BADP1',
    'BADP2',
    'BADP3',
    'BADP4',
    'BADP5',
    'BADP6',
    'BADV1',
    'BADV2',
    'BADT1',
    'BADT2',
    'BADT3',
  ]) {
    assert.not.ok(symbols.has(bad), bad);
  }
});

api.run();
csv.run();
