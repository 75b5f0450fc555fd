import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ErrorBody } from '../../src/contract';
import { allResults, deliver, jobStatus, results, uploadThroughApi } from '../support/api';
import { testEnvironment } from '../support/environment';
import { csvFixture } from '../support/fixtures';

test.before(async () => {
  await testEnvironment();
  const exact = await uploadThroughApi(csvFixture('exact-decimals.csv'));
  const rows = ['symbol,timestamp,price,volume'];
  for (let i = 0; i < 7; i++) rows.push(`PAGE1,2024-08-01T00:00:0${i}Z,${i + 1},${i}`);
  const paged = await uploadThroughApi(`${rows.join('\n')}\n`);
  await deliver([exact.key, paged.key]);
  assert.is((await jobStatus(exact.jobId)).status, 'COMPLETED');
});

test('exact decimals round-trip through the API as strings, volumes as exact integers', async () => {
  const answer = await results('EXACT1');
  assert.is(answer.status, 200);
  assert.equal(answer.body.items, [
    { symbol: 'EXACT1', timestamp: '2024-07-01T00:00:03.000Z', price: '0.1', volume: 3 },
    { symbol: 'EXACT1', timestamp: '2024-07-01T00:00:02.000Z', price: '999999999999999.99999999', volume: 2 },
    { symbol: 'EXACT1', timestamp: '2024-07-01T00:00:01.000Z', price: '123456789.12345678', volume: 1 },
    {
      symbol: 'EXACT1',
      timestamp: '2024-07-01T00:00:00.000Z',
      price: '0.00000001',
      volume: 9007199254740991,
    },
  ]);
  assert.match(answer.raw, /"price":"0.00000001"/);
  assert.match(answer.raw, /"volume":9007199254740991/);
});

test('pages follow nextToken newest first, with no row twice or missing', async () => {
  const seen: string[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const answer = await results('page1', { limit: '3', ...(nextToken ? { nextToken } : {}) });
    assert.is(answer.status, 200, answer.raw);
    assert.is(answer.body.symbol, 'PAGE1');
    seen.push(...answer.body.items.map((item) => item.timestamp.slice(17, 19)));
    nextToken = answer.body.nextToken;
    pages++;
  } while (nextToken && pages < 10);
  assert.equal(seen, ['06', '05', '04', '03', '02', '01', '00']);
  assert.ok(pages >= 3);
});

test('from and to bound the time range, inclusive, in any offset', async () => {
  const answer = await results('PAGE1', {
    from: '2024-08-01T02:00:02+02:00',
    to: '2024-08-01T00:00:04.000Z',
  });
  assert.equal(
    answer.body.items.map((item) => item.timestamp.slice(17, 19)),
    ['04', '03', '02'],
  );
  assert.equal(await allResults('NOSUCHSYMBOL'), []);
});

test('a bad pagination token is a 400 INVALID_PAGINATION_TOKEN', async () => {
  const first = await results('PAGE1', { limit: '2' });
  const token = first.body.nextToken ?? '';
  const cases: [string, Record<string, string>][] = [
    ['PAGE1', { nextToken: 'garbage!' }],
    ['PAGE1', { nextToken: Buffer.from('{"s":"PAGE1"}').toString('base64url') }],
    ['EXACT1', { nextToken: token }],
    ['PAGE1', { nextToken: token, to: '2024-08-01T00:00:01Z' }],
  ];
  for (const [symbol, query] of cases) {
    const answer = await results(symbol, query);
    assert.is(answer.status, 400, JSON.stringify(query));
    const body = answer.body as unknown as ErrorBody;
    assert.is(body.error.code, 'INVALID_PAGINATION_TOKEN');
    assert.ok(body.correlationId);
  }
});

test('bad symbol, limit or time bounds are 400 VALIDATION_FAILED', async () => {
  const cases: [string, Record<string, string>][] = [
    ['BAD_SYMBOL', {}],
    ['PAGE1', { limit: '0' }],
    ['PAGE1', { limit: '1001' }],
    ['PAGE1', { limit: 'ten' }],
    ['PAGE1', { from: 'yesterday' }],
    ['PAGE1', { from: '2024-08-01T00:00:05Z', to: '2024-08-01T00:00:01Z' }],
  ];
  for (const [symbol, query] of cases) {
    const answer = await results(symbol, query);
    assert.is(answer.status, 400, `${symbol} ${JSON.stringify(query)}`);
    assert.is((answer.body as unknown as ErrorBody).error.code, 'VALIDATION_FAILED');
  }
});

test.run();
