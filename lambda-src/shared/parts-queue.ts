/**
 * The part messages between the processor (planner) and the workers, and sending them to the parts
 * queue with SendMessageBatch (10 a request, the SQS maximum), retrying the entries SQS refuses.
 */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { backoffDelay, DEFAULT_BACKOFF, sleep } from './backoff';

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
}

const optionalCount = (value: unknown): boolean =>
  value === undefined || (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0);

export function parsePartMessage(body: string): PartMessage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const message = value as Record<string, unknown>;
  if (
    typeof message.jobId !== 'string' ||
    typeof message.part !== 'number' ||
    typeof message.partsTotal !== 'number' ||
    typeof message.bucket !== 'string' ||
    typeof message.key !== 'string' ||
    !optionalCount(message.chunks) ||
    !optionalCount(message.startRow) ||
    !optionalCount(message.continuation) ||
    !optionalCount(message.idleRuns)
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
