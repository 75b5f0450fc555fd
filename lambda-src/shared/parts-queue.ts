/**
 * The part messages between the processor (planner) and the workers, and sending them to the parts
 * queue with SendMessageBatch (10 a request, the SQS maximum), retrying the entries SQS refuses.
 */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { backoffDelay, DEFAULT_BACKOFF, sleep } from './backoff';
import { jsonObjectOf } from './message-body';

export interface PartMessage {
  jobId: string;
  /** 0-based index of the part, as in `partKey(jobId, part)`. */
  part: number;
  partsTotal: number;
  bucket: string;
  /** The part's key; with `chunks`, the prefix of its chunk objects (`partChunkKey`). */
  key: string;
  /** Chunk objects of the part; absent in messages of planners that wrote a part as one object. */
  chunks?: number;
  /**
   * A continuation: the rows (of the part, after de-duplication, in order) a worker already wrote
   * before its time budget ran out, and how many times the part has been handed on.
   */
  startRow?: number;
  continuation?: number;
  /** Runs in a row, before this one, that wrote no row of the part (throttled throughout). */
  idleRuns?: number;
  /**
   * The parts this message's lane takes on after this one, in order: a file of few symbols is
   * written by few lanes, each a chain of parts (see `laneCount`), so its few partition keys are not
   * written by every worker at once.
   */
  laneRest?: LanePart[];
}

export interface LanePart {
  part: number;
  chunks: number;
}

/**
 * Workers a file's partition keys can keep busy: DynamoDB takes about 1,000 writes a second per
 * key, and one worker writes up to about 10,000 a second, so two workers per symbol are plenty (one
 * writes while the other is between continuations). A file of 500 symbols has 1,000 lanes: every
 * part at once, as before; a file of one symbol has 2.
 */
export const LANES_PER_SYMBOL = 2;

export function laneCount(symbols: number, parts: number): number {
  return Math.max(1, Math.min(parts, LANES_PER_SYMBOL * symbols));
}

/** The first message of each lane: part i of `lanes` lanes takes parts i, i + lanes, i + 2 lanes… */
export function laneMessages(
  first: Omit<PartMessage, 'part' | 'key' | 'chunks'>,
  planned: readonly LanePart[],
  lanes: number,
  keyOf: (part: number) => string,
): PartMessage[] {
  const messages: PartMessage[] = [];
  for (let lane = 0; lane < Math.min(lanes, planned.length); lane++) {
    const chain = planned.filter((_, index) => index % lanes === lane);
    const [head, ...rest] = chain;
    if (head === undefined) continue;
    const message: PartMessage = { ...first, part: head.part, key: keyOf(head.part), chunks: head.chunks };
    if (rest.length > 0) message.laneRest = rest;
    messages.push(message);
  }
  return messages;
}

function isLanePart(value: unknown): value is LanePart {
  if (value === null || typeof value !== 'object') return false;
  const entry = value as Record<string, unknown>;
  return Number.isSafeInteger(entry.part) && Number.isSafeInteger(entry.chunks);
}

const optionalCount = (value: unknown): boolean =>
  value === undefined || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0);

export function parsePartMessage(body: string): PartMessage | undefined {
  const message = jsonObjectOf(body);
  if (!message) return undefined;
  if (
    typeof message.jobId !== 'string' ||
    typeof message.part !== 'number' ||
    typeof message.partsTotal !== 'number' ||
    typeof message.bucket !== 'string' ||
    typeof message.key !== 'string' ||
    !optionalCount(message.chunks) ||
    !optionalCount(message.startRow) ||
    !optionalCount(message.continuation) ||
    !optionalCount(message.idleRuns) ||
    (message.laneRest !== undefined &&
      !(Array.isArray(message.laneRest) && message.laneRest.every(isLanePart)))
  )
    return undefined;
  const parsed: PartMessage = {
    jobId: message.jobId,
    part: message.part,
    partsTotal: message.partsTotal,
    bucket: message.bucket,
    key: message.key,
  };
  if (typeof message.chunks === 'number') parsed.chunks = message.chunks;
  if (typeof message.startRow === 'number') parsed.startRow = message.startRow;
  if (typeof message.continuation === 'number') parsed.continuation = message.continuation;
  if (typeof message.idleRuns === 'number') parsed.idleRuns = message.idleRuns;
  if (Array.isArray(message.laneRest))
    parsed.laneRest = (message.laneRest as LanePart[]).map(({ part, chunks }) => ({ part, chunks }));
  return parsed;
}

const SQS_BATCH = 10;

export async function sendPartMessages(
  sqs: Pick<SQSClient, 'send'>,
  queueUrl: string,
  messages: readonly PartMessage[],
): Promise<void> {
  for (let start = 0; start < messages.length; start += SQS_BATCH) {
    let entries = messages
      .slice(start, start + SQS_BATCH)
      .map((message) => ({ Id: String(message.part), MessageBody: JSON.stringify(message) }));
    for (let attempt = 0; entries.length > 0; attempt++) {
      const result = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      const failed = new Set((result.Failed ?? []).map((entry) => entry.Id));
      entries = entries.filter((entry) => failed.has(entry.Id));
      if (entries.length === 0) break;
      if (attempt + 1 >= DEFAULT_BACKOFF.maxAttempts)
        throw new Error(`SQS refused ${entries.length} part messages ${DEFAULT_BACKOFF.maxAttempts} times`);
      await sleep(backoffDelay(attempt, DEFAULT_BACKOFF));
    }
  }
}
