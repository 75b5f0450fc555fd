/**
 * A 100,000-row file (about 5 MiB, under the 8 MiB inline limit) is ingested by the processor in one
 * invocation with every row stored. How long it takes is measured by `npm run bench:processor`
 * (its `ingest:` line), not here.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deliver, jobStatus, uploadThroughApi } from '../support/api';
import { testEnvironment } from '../support/environment';
import { storedCount } from '../support/fanout';
import { generatedCsv } from '../support/fixtures';

const ROWS = 100_000;
const SYMBOLS = 50;

test.before(async () => {
  await testEnvironment();
});

test('a 100k-row file is ingested inline, end to end, with every row stored', async () => {
  const file = await uploadThroughApi(generatedCsv(ROWS, 'BIG', SYMBOLS), 'large.csv');
  await deliver([file.key]);
  const status = await jobStatus(file.jobId);
  assert.equal(
    [status.status, status.rowsTotal, status.rowsStored, status.partsTotal],
    ['COMPLETED', ROWS, ROWS, 0],
  );
  assert.is(await storedCount(Array.from({ length: SYMBOLS }, (_, s) => `BIG${s}`)), ROWS);
});

test.run();
