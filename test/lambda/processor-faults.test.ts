import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { allResults, deliver, jobStatus, uploadThroughApi } from '../support/api';
import { loadBundle } from '../support/bundles';
import { testEnvironment } from '../support/environment';
import { withBatchWriteFaults } from '../support/faulty-document-client';
import { generatedCsv } from '../support/fixtures';

test.before(async () => {
  await testEnvironment();
});

test('injected UnprocessedItems and throttling are retried with backoff and no row is lost', async () => {
  const bundle = await loadBundle('processor');
  const deps = bundle.processorDependenciesFromEnv();
  const faulty = withBatchWriteFaults(deps.documentClient, { throttleEvery: 3, halfWriteEvery: 2 });
  const handler = bundle.createHandler({ ...deps, documentClient: faulty.client, writeConcurrency: 8 });
  const symbols = 4;
  const file = await uploadThroughApi(generatedCsv(2_000, 'FAULT', symbols));
  await deliver([file.key], handler);

  assert.ok(faulty.counts.throttled >= 20, `throttled ${faulty.counts.throttled} calls`);
  assert.ok(faulty.counts.halfWritten >= 20, `half-wrote ${faulty.counts.halfWritten} calls`);
  assert.ok(faulty.counts.itemsHandedBack >= 200, `handed back ${faulty.counts.itemsHandedBack} items`);
  const status = await jobStatus(file.jobId);
  assert.equal([status.status, status.rowsTotal, status.rowsStored], ['COMPLETED', 2_000, 2_000]);
  let stored = 0;
  for (let s = 0; s < symbols; s++) stored += (await allResults(`FAULT${s}`)).length;
  assert.is(stored, 2_000);
});

test.run();
