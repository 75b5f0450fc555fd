import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { laneCount, laneMessages, parsePartMessage } from '../../lambda-src/shared/parts-queue';

test('a file of one symbol is written by 2 lanes; a file of many symbols sends every part at once', () => {
  assert.is(laneCount(1, 342), 2);
  assert.is(laneCount(3, 342), 6);
  assert.is(laneCount(500, 342), 342);
  assert.is(laneCount(1, 1), 1);
});

test('the lanes chain every part exactly once, in plan order, and survive the queue as JSON', () => {
  const planned = Array.from({ length: 7 }, (_, index) => ({ part: index * 3, chunks: index + 1 }));
  const messages = laneMessages(
    { jobId: 'j', partsTotal: 7, bucket: 'b' },
    planned,
    2,
    (part) => `parts/j/${part}`,
  );
  assert.is(messages.length, 2);
  const chains = messages.map((message) => [
    { part: message.part, chunks: message.chunks },
    ...(message.laneRest ?? []),
  ]);
  assert.equal(
    chains[0]?.map((entry) => entry.part),
    [0, 6, 12, 18],
  );
  assert.equal(
    chains[1]?.map((entry) => entry.part),
    [3, 9, 15],
  );
  const parsed = parsePartMessage(JSON.stringify(messages[0]));
  assert.equal(parsed, messages[0]);
  assert.is(parsePartMessage(JSON.stringify({ ...messages[0], laneRest: [{ part: 'x' }] })), undefined);
});

test.run();
