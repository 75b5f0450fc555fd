/**
 * DynamoDB's write capacity, enforced in front of DynamoDB Local (which enforces none): a document
 * client whose BatchWriteItem calls on one table take at most `tableWritesPerSecond` items a second in
 * all and `keyWritesPerSecond` for any one partition key, measured on a scaled clock. Items past
 * either limit come back in `UnprocessedItems`; a request of which nothing fits fails with a real
 * `ProvisionedThroughputExceededException`, as DynamoDB answers. Everything else, and the items that
 * fit, go to the real server.
 *
 * The clock runs `slowdown` times slower than real time, so the limits keep DynamoDB's own numbers
 * (1,000 writes a second per partition key) while the test writes a few hundred rows a second.
 * Buckets keep a tenth of a (simulated) second of unused capacity by default: almost no burst
 * credit, the strict case (DynamoDB keeps up to 300 s, but may spend it on background work).
 */
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import type { DocumentClient } from '../../lambda-src/shared/clients';
import { MARKET_DATA_KEY } from '../../src/contract';

export interface CapacityLimits {
  /** The table's write cap, in items per simulated second. */
  tableWritesPerSecond: number;
  /** One partition key's write rate, in items per simulated second (DynamoDB: 1,000). */
  keyWritesPerSecond: number;
  /** Real seconds per simulated second. */
  slowdown: number;
  /** Unused capacity a bucket keeps, in simulated seconds of its rate (default 0.1: little burst). */
  burstSeconds?: number;
}

export interface CapacityCounts {
  requests: number;
  itemsWritten: number;
  itemsHandedBack: number;
  throttled: number;
}

class Bucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;

  constructor(
    private readonly rate: number,
    burstSeconds: number,
    now: number,
  ) {
    this.capacity = Math.max(1, rate * burstSeconds);
    this.tokens = this.capacity;
    this.last = now;
  }

  /** Refills for the simulated time since the last look; true when a token was there to take. */
  take(now: number): boolean {
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

type Command = Parameters<DocumentClient['send']>[0];
type WriteRequest = { PutRequest?: { Item?: Record<string, unknown> } };

export class CapacitySimulator {
  readonly counts: CapacityCounts = { requests: 0, itemsWritten: 0, itemsHandedBack: 0, throttled: 0 };
  readonly client: DocumentClient;
  private readonly started = Date.now();
  private readonly table: Bucket;
  private readonly keys = new Map<string, Bucket>();

  constructor(
    inner: DocumentClient,
    private readonly tableName: string,
    private readonly limits: CapacityLimits,
  ) {
    this.table = new Bucket(limits.tableWritesPerSecond, limits.burstSeconds ?? 0.1, 0);
    const send = (command: Command): Promise<unknown> => this.send(inner, command);
    this.client = { send } as unknown as DocumentClient;
  }

  /** Simulated seconds since the simulator was made. */
  now(): number {
    return (Date.now() - this.started) / 1000 / this.limits.slowdown;
  }

  private async send(inner: DocumentClient, command: Command): Promise<unknown> {
    const requests = batchWriteRequests(command, this.tableName);
    if (requests === undefined) return inner.send(command);
    this.counts.requests++;
    const now = this.now();
    const admitted: WriteRequest[] = [];
    const handedBack: WriteRequest[] = [];
    for (const request of requests) {
      const key = String(request.PutRequest?.Item?.[MARKET_DATA_KEY.partition]);
      let bucket = this.keys.get(key);
      if (bucket === undefined) {
        bucket = new Bucket(this.limits.keyWritesPerSecond, this.limits.burstSeconds ?? 0.1, now);
        this.keys.set(key, bucket);
      }
      // The key's own limit first: a hot key does not use up the table's capacity for the others.
      if (bucket.take(now) && this.table.take(now)) admitted.push(request);
      else handedBack.push(request);
    }
    this.counts.itemsHandedBack += handedBack.length;
    if (admitted.length === 0) {
      this.counts.throttled++;
      throw new ProvisionedThroughputExceededException({
        message:
          'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
        $metadata: { httpStatusCode: 400 },
      });
    }
    // The command is the function bundle's own (its own copy of the SDK, whose number wrappers only
    // it marshals): it goes on to the server with only the admitted items in it.
    const requestItems = (command as unknown as BatchInput).input.RequestItems;
    requestItems[this.tableName] = admitted;
    const result = (await inner.send(command)) as { UnprocessedItems?: Record<string, WriteRequest[]> };
    const unprocessed = result.UnprocessedItems?.[this.tableName] ?? [];
    this.counts.itemsWritten += admitted.length - unprocessed.length;
    const back = [...unprocessed, ...handedBack];
    return { ...result, UnprocessedItems: back.length > 0 ? { [this.tableName]: back } : {} };
  }
}

interface BatchInput {
  input: { RequestItems: Record<string, WriteRequest[]> };
}

/** A BatchWriteItem on the table (told by its shape: the bundles' command classes are not ours). */
function batchWriteRequests(command: Command, table: string): WriteRequest[] | undefined {
  const input = (command as { input?: { RequestItems?: unknown } }).input;
  const items = input?.RequestItems;
  if (items === null || typeof items !== 'object') return undefined;
  const list: unknown = (items as Record<string, unknown>)[table];
  return Array.isArray(list) ? (list as WriteRequest[]) : undefined;
}
