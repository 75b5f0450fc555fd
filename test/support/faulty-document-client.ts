/**
 * Fault injection, the one thing tests fake: a document client whose BatchWriteItem calls now and
 * then throw a throttling error or write only half their items and hand the rest back as
 * UnprocessedItems, as DynamoDB does under load. Everything else goes to the real server.
 *
 * A request is faulted at most once (known by its first item), so a retry of the same items gets
 * through: faults are plentiful, yet no batch can exhaust the writer's bounded attempts by chance.
 */
import type { DocumentClient } from '../../lambda-src/shared/clients';

export interface FaultPlan {
  /** Every n-th new BatchWriteItem request is throttled (throws before reaching the server). */
  throttleEvery: number;
  /** Every n-th new BatchWriteItem request writes only half its items. */
  halfWriteEvery: number;
}

export interface FaultCounts {
  /** New requests seen (retries of a faulted request are not counted). */
  batchWrites: number;
  throttled: number;
  halfWritten: number;
  itemsHandedBack: number;
}

type Command = Parameters<DocumentClient['send']>[0];
type WriteRequests = Record<string, unknown[]>;

function batchWriteItems(command: Command): WriteRequests | undefined {
  const input = (command as { input?: { RequestItems?: unknown } }).input;
  const items = input?.RequestItems;
  if (items === null || typeof items !== 'object') return undefined;
  const lists = Object.values(items);
  return lists.length > 0 && lists.every(Array.isArray) ? (items as WriteRequests) : undefined;
}

export function withBatchWriteFaults(
  client: DocumentClient,
  plan: FaultPlan,
): { client: DocumentClient; counts: FaultCounts } {
  const counts: FaultCounts = { batchWrites: 0, throttled: 0, halfWritten: 0, itemsHandedBack: 0 };
  const faulted = new Set<string>();
  const send = async (command: Command): Promise<unknown> => {
    const requestItems = batchWriteItems(command);
    if (!requestItems) return client.send(command);
    const identity = JSON.stringify(Object.values(requestItems)[0]?.[0]);
    if (faulted.has(identity)) return client.send(command);
    faulted.add(identity);
    counts.batchWrites++;
    if (counts.batchWrites % plan.throttleEvery === 0) {
      counts.throttled++;
      throw Object.assign(
        new Error('The level of configured provisioned throughput for the table was exceeded'),
        {
          name: 'ProvisionedThroughputExceededException',
          $fault: 'client',
          $metadata: { httpStatusCode: 400 },
        },
      );
    }
    if (counts.batchWrites % plan.halfWriteEvery !== 0) return client.send(command);
    const handedBack: WriteRequests = {};
    for (const [table, requests] of Object.entries(requestItems)) {
      const keep = Math.ceil(requests.length / 2);
      handedBack[table] = requests.slice(keep);
      requestItems[table] = requests.slice(0, keep);
      counts.itemsHandedBack += requests.length - keep;
    }
    counts.halfWritten++;
    const result = (await client.send(command)) as { UnprocessedItems?: WriteRequests };
    return { ...result, UnprocessedItems: handedBack };
  };
  return { client: { send } as unknown as DocumentClient, counts };
}
