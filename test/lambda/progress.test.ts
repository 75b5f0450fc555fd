import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { JobRecord } from '../../lambda-src/shared/jobs-repository';
import { progressOf } from '../../lambda-src/status/progress';

const job = (fields: Partial<JobRecord>): JobRecord => ({
  jobId: 'j',
  status: 'PROCESSING',
  fileName: 'f.csv',
  objectKey: 'incoming/j/f.csv',
  correlationId: 'c',
  attempts: 1,
  rowsTotal: 0,
  rowsStored: 0,
  rowsRejected: 0,
  rowsDuplicate: 0,
  errors: [],
  partsTotal: 0,
  partsDone: 0,
  partsFailed: 0,
  rowsSoFar: 0,
  bytesRead: 0,
  bytesTotal: 0,
  rowsHandedOn: 0,
  startedAt: '2024-01-01T00:00:00.000Z',
  plannedAt: '',
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
  ...fields,
});

const at = (seconds: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, seconds));

test('reading the file is the first tenth of the progress, with no time left estimated yet', () => {
  assert.equal(progressOf(job({ status: 'PENDING' }), at(1)), { progress: 0 });
  assert.equal(progressOf(job({ bytesRead: 512, bytesTotal: 1024 }), at(10)), { progress: 0.05 });
});

test('once the parts are sent, stored rows (handed-on parts included) give the progress and the time left at their pace', () => {
  const writing = job({
    rowsTotal: 1_100_000,
    rowsRejected: 50_000,
    rowsDuplicate: 50_000,
    partsTotal: 17,
    rowsSoFar: 200_000,
    rowsHandedOn: 50_000,
    plannedAt: '2024-01-01T00:00:10.000Z',
  });
  // 250,000 of 1,000,000 rows in 250 s since the plan: 1,000 rows/s, 750 s left.
  assert.equal(progressOf(writing, at(260)), { progress: 0.325, secondsLeft: 750 });
});

test('a final job is done, whatever its counts', () => {
  assert.equal(progressOf(job({ status: 'FAILED', partsTotal: 4, partsDone: 1 }), at(5)), { progress: 1 });
});

test.run();
