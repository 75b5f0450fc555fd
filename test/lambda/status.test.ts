import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CORRELATION_HEADER, type ErrorBody } from '../../src/contract';
import { call } from '../support/api';
import { loadBundle } from '../support/bundles';
import { testEnvironment } from '../support/environment';

test.before(async () => {
  await testEnvironment();
});

test('an unknown job is a 404 NOT_FOUND with the correlation id', async () => {
  const { handler } = await loadBundle('status');
  const answer = await call<ErrorBody>(handler, {
    method: 'GET',
    resource: '/status/{jobId}',
    pathParameters: { jobId: '00000000-0000-4000-8000-000000000000' },
    headers: { 'X-Correlation-Id': 'trace-404' },
  });
  assert.is(answer.status, 404);
  assert.equal(answer.body, {
    error: { code: 'NOT_FOUND', message: 'no job 00000000-0000-4000-8000-000000000000' },
    correlationId: 'trace-404',
  });
  assert.is(answer.headers[CORRELATION_HEADER], 'trace-404');
  assert.is(answer.headers['Access-Control-Allow-Origin'], '*');
});

test('a job id that is not a UUID is a 400', async () => {
  const { handler } = await loadBundle('status');
  for (const jobId of ['nope', '00000000-0000-4000-8000-00000000000G', "' OR 1=1"]) {
    const answer = await call<ErrorBody>(handler, {
      method: 'GET',
      resource: '/status/{jobId}',
      pathParameters: { jobId },
    });
    assert.is(answer.status, 400, jobId);
    assert.is(answer.body.error.code, 'VALIDATION_FAILED');
  }
});

test.run();
