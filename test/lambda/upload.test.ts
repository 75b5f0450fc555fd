import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  CORRELATION_HEADER,
  type ErrorBody,
  JOB_ID_PATTERN,
  LIMITS,
  type UploadResponse,
} from '../../src/contract';
import { call, createJob, jobStatus } from '../support/api';
import { loadBundle } from '../support/bundles';
import { testEnvironment } from '../support/environment';
import { postToPresignedUrl } from '../support/presigned-post';
import { withoutLogs } from '../support/quiet-logs';

const uploadRequest = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST' as const,
  resource: '/upload',
  body: typeof body === 'string' ? body : JSON.stringify(body),
  headers,
});

test.before(async () => {
  await testEnvironment();
});

test('POST /upload records a PENDING job and returns a presigned POST for incoming/<jobId>/<name>', async () => {
  const { handler } = await loadBundle('upload');
  const answer = await call<UploadResponse>(
    handler,
    uploadRequest({ fileName: 'Q1 prices (final).csv', fileType: 'csv' }),
  );
  assert.is(answer.status, 200);
  assert.match(answer.body.jobId, JOB_ID_PATTERN);
  assert.is(answer.body.upload.fields.key, `incoming/${answer.body.jobId}/Q1 prices (final).csv`);
  assert.is(answer.body.upload.fields['Content-Type'], 'text/csv');
  assert.ok(Date.parse(answer.body.expiresAt) > Date.now());
  assert.is(answer.headers['Access-Control-Allow-Origin'], '*');
  assert.ok(answer.headers[CORRELATION_HEADER]);
  const status = await jobStatus(answer.body.jobId);
  assert.is(status.status, 'PENDING');
  assert.is(status.fileName, 'Q1 prices (final).csv');
});

test('the presigned POST is accepted by the S3 server and stores a text/csv object', async () => {
  const env = await testEnvironment();
  const job = await createJob('ok.csv');
  const posted = await postToPresignedUrl(job.upload, 'symbol,timestamp,price,volume\n');
  assert.is(posted.status, 204, posted.body);
  const head = await env.s3.send(new HeadObjectCommand({ Bucket: env.bucket, Key: job.upload.fields.key }));
  assert.is(head.ContentType, 'text/csv');
});

test('an upload over the size limit is refused by the S3 server itself (content-length-range)', async () => {
  const env = await testEnvironment();
  const bundle = await loadBundle('upload');
  const small = bundle.createHandler({ ...bundle.uploadDependenciesFromEnv(), maxUploadBytes: 64 });
  const answer = await call<UploadResponse>(small, uploadRequest({ fileName: 'big.csv', fileType: 'csv' }));
  assert.is(answer.status, 200);
  const posted = await postToPresignedUrl(answer.body.upload, 'x'.repeat(65));
  assert.is(posted.status, 400);
  assert.match(posted.body, /EntityTooLarge/);
  const exact = await postToPresignedUrl(answer.body.upload, 'x'.repeat(64));
  assert.is(exact.status, 204, 'exactly the limit is accepted');
  assert.ok(
    await env.s3.send(new HeadObjectCommand({ Bucket: env.bucket, Key: answer.body.upload.fields.key })),
  );
});

test('the presigned POST refuses another content type', async () => {
  const job = await createJob('typed.csv');
  const posted = await postToPresignedUrl(job.upload, 'a,b\n', 'typed.csv', 'application/octet-stream');
  const fields = { ...job.upload.fields, 'Content-Type': 'application/octet-stream' };
  const forged = await postToPresignedUrl(
    { url: job.upload.url, fields },
    'a,b\n',
    'typed.csv',
    'application/octet-stream',
  );
  assert.is(posted.status, 204, 'the form field, not the file part, sets the type');
  assert.is(forged.status, 403, forged.body);
});

test('a declared contentLength over the limit is refused early with 413', async () => {
  const { handler } = await loadBundle('upload');
  const answer = await call<ErrorBody>(
    handler,
    uploadRequest({ fileName: 'a.csv', fileType: 'csv', contentLength: LIMITS.maxUploadBytes + 1 }),
  );
  assert.is(answer.status, 413);
  assert.is(answer.body.error.code, 'PAYLOAD_TOO_LARGE');
});

test('bad bodies get a 400 in the contract shape, with the caller correlation id and CORS', async () => {
  const { handler } = await loadBundle('upload');
  const cases: [unknown, string, RegExp][] = [
    ['{not json', 'BAD_REQUEST', /not valid JSON/],
    [[1], 'VALIDATION_FAILED', /JSON object/],
    [{ fileName: '../etc/passwd', fileType: 'csv' }, 'VALIDATION_FAILED', /fileName/],
    [{ fileName: '.hidden', fileType: 'csv' }, 'VALIDATION_FAILED', /fileName/],
    [{ fileName: 'a.csv', fileType: 'xlsx' }, 'VALIDATION_FAILED', /fileType/],
    [{ fileName: 'a.csv' }, 'VALIDATION_FAILED', /fileType/],
    [{ fileName: 'a.csv', fileType: 'csv', extra: 1 }, 'VALIDATION_FAILED', /unknown field/],
    [{ fileName: 'a.csv', fileType: 'csv', contentLength: 1.5 }, 'VALIDATION_FAILED', /contentLength/],
  ];
  for (const [body, code, message] of cases) {
    const answer = await call<ErrorBody>(handler, uploadRequest(body, { 'x-correlation-id': 'client-123' }));
    assert.is(answer.status, 400, JSON.stringify(body));
    assert.is(answer.body.error.code, code);
    assert.match(answer.body.error.message, message);
    assert.is(answer.body.correlationId, 'client-123');
    assert.is(answer.headers[CORRELATION_HEADER], 'client-123');
    assert.is(answer.headers['Access-Control-Allow-Origin'], '*');
  }
});

test('an invalid incoming correlation id is replaced by the API Gateway request id', async () => {
  const { handler } = await loadBundle('upload');
  const answer = await call<ErrorBody>(
    handler,
    uploadRequest('{', { 'X-Correlation-Id': 'bad id with spaces' }),
  );
  assert.match(answer.body.correlationId, /^[0-9a-f-]{36}$/);
});

test('a base64-encoded body is read', async () => {
  const { handler } = await loadBundle('upload');
  const answer = await call<UploadResponse>(handler, {
    ...uploadRequest({ fileName: 'b64.csv', fileType: 'csv' }),
    base64: true,
  });
  assert.is(answer.status, 200);
});

test('an unexpected failure is a plain 500: no stack, no internal names', async () => {
  const bundle = await loadBundle('upload');
  const broken = bundle.createHandler({
    ...bundle.uploadDependenciesFromEnv(),
    jobsTable: 'no-such-table-xyz',
  });
  const answer = await withoutLogs(() =>
    call<ErrorBody>(broken, uploadRequest({ fileName: 'a.csv', fileType: 'csv' })),
  );
  assert.is(answer.status, 500);
  assert.is(answer.body.error.code, 'INTERNAL');
  assert.is(answer.body.correlationId, answer.headers[CORRELATION_HEADER]);
  assert.not.match(answer.raw, /no-such-table|ResourceNotFound|\bat \w|\.mjs|Error/);
});

test.run();
