import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deliver, jobStatus, uploadThroughApi } from '../support/api';
import { testEnvironment } from '../support/environment';
import { generatedCsv } from '../support/fixtures';

const ROWS = 100_000;
const SYMBOLS = 50;

test.before(async () => {
  await testEnvironment();
});

test('a 100k-row file is processed end to end in under 30 s with every row stored', async () => {
  const env = await testEnvironment();
  const file = await uploadThroughApi(generatedCsv(ROWS, 'BIG', SYMBOLS), 'large.csv');
  const started = performance.now();
  await deliver([file.key]);
  const seconds = (performance.now() - started) / 1000;
  const status = await jobStatus(file.jobId);
  assert.equal([status.status, status.rowsTotal, status.rowsStored], ['COMPLETED', ROWS, ROWS]);
  assert.ok(seconds < 30, `took ${seconds.toFixed(1)} s`);
  let stored = 0;
  for (let s = 0; s < SYMBOLS; s++) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await env.documentClient.send(
        new QueryCommand({
          TableName: env.marketDataTable,
          KeyConditionExpression: 'symbol = :s',
          ExpressionAttributeValues: { ':s': `BIG${s}` },
          Select: 'COUNT',
          ExclusiveStartKey: startKey,
        }),
      );
      stored += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
  assert.is(stored, ROWS);
});

test.run();
