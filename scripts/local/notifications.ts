/**
 * S3 notifications, delivered the way Lambda's asynchronous invocation does: MinIO posts each
 * ObjectCreated event to this receiver (its webhook target), which answers at once and invokes
 * the processor in the background, retrying twice with backoff; an event that still fails is
 * written to a dead-letter file, as the deployed function's dead-letter queue would keep it.
 */
import { appendFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { S3Event, S3EventRecord } from '../../lambda-src/shared/events';
import type { FunctionRunner } from './function-runner';

export interface NotificationOptions {
  processor: FunctionRunner;
  /** Retries after the first attempt (the template's MaximumRetryAttempts). */
  retries: number;
  deadLetterFile: string;
  /** Delay before retry n (1-based), in ms. Lambda waits about a minute, then two; locally, less. */
  backoffMs?: (retry: number) => number;
  log?: (line: string) => void;
}

interface MinioEvent {
  EventName?: string;
  Records?: S3EventRecord[];
}

/** MinIO names events `s3:ObjectCreated:Post`; S3 (and the processor) say `ObjectCreated:Post`. */
export function asS3Event(event: MinioEvent): S3Event {
  return {
    Records: (event.Records ?? []).map((record) => ({
      ...record,
      eventName: record.eventName.replace(/^s3:/, ''),
    })),
  };
}

export class AsyncInvoker {
  readonly #options: NotificationOptions;
  readonly #inFlight = new Set<Promise<void>>();

  constructor(options: NotificationOptions) {
    this.#options = options;
  }

  /** Queues one event; resolves at once, like an asynchronous invocation. */
  enqueue(event: S3Event): void {
    const run = this.#deliver(event).finally(() => this.#inFlight.delete(run));
    this.#inFlight.add(run);
  }

  /** Resolves when every queued event has been processed or dead-lettered. */
  async drain(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  async #deliver(event: S3Event): Promise<void> {
    const { processor, retries, deadLetterFile } = this.#options;
    const backoff = this.#options.backoffMs ?? ((retry: number) => 500 * 2 ** (retry - 1));
    const log = this.#options.log ?? (() => undefined);
    let lastError = '';
    for (let attempt = 1; attempt <= retries + 1; attempt += 1) {
      try {
        await processor.invoke(event);
        return;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        log(`processor attempt ${attempt} failed: ${lastError}`);
        if (attempt <= retries) await new Promise((resolve) => setTimeout(resolve, backoff(attempt)));
      }
    }
    const record = { time: new Date().toISOString(), attempts: retries + 1, error: lastError, event };
    await appendFile(deadLetterFile, `${JSON.stringify(record)}\n`);
    log(`event dead-lettered to ${deadLetterFile}`);
  }
}

/** The webhook endpoint MinIO posts bucket notifications to. */
export function createNotificationReceiver(onEvent: (event: S3Event) => void): Server {
  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      // MinIO checks the target with an empty request when it starts; only events carry Records.
      try {
        const body = Buffer.concat(chunks).toString('utf8');
        if (body) {
          const event = asS3Event(JSON.parse(body) as MinioEvent);
          if (event.Records.length > 0) onEvent(event);
        }
        response.writeHead(200).end();
      } catch {
        response.writeHead(400).end();
      }
    });
  });
}
