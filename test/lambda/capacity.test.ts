/**
 * DynamoDB's write limits, enforced by the capacity simulator in front of DynamoDB Local: a file
 * slows down under them and still completes exactly. The clock is scaled (the simulator runs it
 * `SLOWDOWN` times slower than real time) and so is the worker's timeout, so that writing one part
 * takes several worker timeouts and every part is handed on in continuations.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deliver, uploadThroughApi } from '../support/api';
import { CapacitySimulator } from '../support/capacity-simulator';
import { testEnvironment } from '../support/environment';
import { drainParts, fanOutCsv, fanOutProcessor, fanOutQueues, storedCount, worker } from '../support/fanout';

/** ~40-byte rows: 12 KiB parts hold ~300 rows. */
const PART_BYTES = 12 * 1024;
/** The worker's timeout, scaled down from Lambda's 300 s. */
const WORKER_TIMEOUT_MS = 3_000;
/** Real seconds per simulated second: 1,000 writes/s per key is 100 real writes a second. */
const SLOWDOWN = 10;

test.before(async () => {
  await testEnvironment();
});

test('a one-symbol file of several parts completes exactly under the per-key limit, each part handed on past the worker timeout', async () => {
  const env = await testEnvironment();
  const simulator = new CapacitySimulator(env.documentClient, env.marketDataTable, {
    tableWritesPerSecond: 40_000,
    keyWritesPerSecond: 1_000,
    slowdown: SLOWDOWN,
  });
  const queues = await fanOutQueues(WORKER_TIMEOUT_MS / 1000);
  const rows = 1_800;
  const { lines, symbols } = fanOutCsv(rows, 'HOTA', 1);
  const file = await uploadThroughApi(`${lines.join('\n')}\n`, 'one-symbol.csv');
  await deliver([file.key], await fanOutProcessor(queues, PART_BYTES));
  const invoke = await worker(simulator.client, undefined, { timeoutMs: WORKER_TIMEOUT_MS, queues });
  const { statuses, stats } = await drainParts(queues, [file.jobId], invoke, {
    maxConcurrency: 4,
    invocationTimeoutMs: WORKER_TIMEOUT_MS,
    timeoutMs: 120_000,
  });
  const status = statuses[0];
  assert.ok(status);
  // A file of one symbol is written by 2 lanes (not by all 4 workers), sharing 1,000 rows a
  // simulated second: a ~260-row part needs over half a simulated second, over 5 real seconds,
  // while the worker's timeout is 3 real seconds (of which 2 for writing).
  const continuations = stats.invocations - status.partsTotal;
  console.log(
    `one symbol: ${rows} rows, ${status.partsTotal} parts, ${continuations} continuations, ` +
      `${simulator.now().toFixed(2)} simulated s, ${simulator.counts.itemsHandedBack} items handed back, ` +
      `${simulator.counts.throttled} requests throttled`,
  );
  assert.ok(status.partsTotal >= 4, `partsTotal ${status.partsTotal}`);
  assert.ok(continuations >= status.partsTotal, `${continuations} continuations`);
  assert.equal([stats.timedOut, stats.failed], [0, 0]);
  assert.ok(simulator.counts.throttled + simulator.counts.itemsHandedBack > 0);
  assert.equal(
    [status.status, status.rowsTotal, status.rowsStored, status.partsDone, status.partsFailed],
    ['COMPLETED', rows, rows, status.partsTotal, 0],
  );
  assert.is(await storedCount(symbols), rows);
});

test('a 500-symbol file completes exactly at the table cap', async () => {
  const env = await testEnvironment();
  const simulator = new CapacitySimulator(env.documentClient, env.marketDataTable, {
    tableWritesPerSecond: 4_000,
    keyWritesPerSecond: 1_000,
    slowdown: 20,
  });
  const queues = await fanOutQueues(WORKER_TIMEOUT_MS / 1000);
  const rows = 2_000;
  const { lines, symbols } = fanOutCsv(rows, 'CAPB', 500);
  const file = await uploadThroughApi(`${lines.join('\n')}\n`, 'table-cap.csv');
  await deliver([file.key], await fanOutProcessor(queues, PART_BYTES));
  const invoke = await worker(simulator.client, undefined, { timeoutMs: WORKER_TIMEOUT_MS, queues });
  const { statuses, stats } = await drainParts(queues, [file.jobId], invoke, {
    maxConcurrency: 4,
    invocationTimeoutMs: WORKER_TIMEOUT_MS,
    timeoutMs: 120_000,
  });
  const status = statuses[0];
  assert.ok(status);
  console.log(
    `500 symbols: ${rows} rows, ${status.partsTotal} parts, ${stats.invocations - status.partsTotal} continuations, ` +
      `${simulator.now().toFixed(2)} simulated s, ${simulator.counts.itemsHandedBack} items handed back`,
  );
  assert.ok(simulator.counts.throttled + simulator.counts.itemsHandedBack > 0, 'the table cap was reached');
  assert.equal([stats.timedOut, stats.failed], [0, 0]);
  assert.equal(
    [status.status, status.rowsTotal, status.rowsStored, status.partsDone, status.partsFailed],
    ['COMPLETED', rows, rows, status.partsTotal, 0],
  );
  assert.is(await storedCount(symbols), rows);
});

test.run();
