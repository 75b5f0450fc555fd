/**
 * Stands in for Lambda's SQS event source mapping on the local SQS server: long-polls the parts queue
 * for batches of `batchSize`, runs at most `maxConcurrency` invocations at once, deletes only the
 * messages an invocation did not report in `batchItemFailures`, and leaves the rest (or all of them,
 * when the invocation threw or ran past the worker's timeout) to come back after the visibility
 * timeout. The queue's own redrive policy moves a message to the dead-letter queue.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SqsBatchResponse, SqsEvent } from '../../lambda-src/shared/events';

export type WorkerInvoke = (event: SqsEvent) => Promise<SqsBatchResponse>;

export interface PollerOptions {
  batchSize: number;
  maxConcurrency: number;
  /** The worker's timeout: an invocation still running after it counts as failed, as on Lambda. */
  timeoutMs: number;
  /** Long-poll wait; short keeps stopping quick. */
  waitTimeSeconds?: number;
}

export interface PollerStats {
  invocations: number;
  deleted: number;
  failed: number;
  timedOut: number;
}

export class PartsPoller {
  readonly stats: PollerStats = { invocations: 0, deleted: 0, failed: 0, timedOut: 0 };
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly sqs: Pick<SQSClient, 'send'>,
    private readonly queueUrl: string,
    private readonly invoke: WorkerInvoke,
    private readonly options: PollerOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = Array.from({ length: this.options.maxConcurrency }, () => this.loop());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        await this.pollOnce();
      } catch {
        // The server went away or refused once: wait a little and poll again, as the mapping does.
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  private async pollOnce(): Promise<void> {
    const received = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueUrl,
        MaxNumberOfMessages: this.options.batchSize,
        WaitTimeSeconds: this.options.waitTimeSeconds ?? 1,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    const messages = received.Messages ?? [];
    if (messages.length === 0) return;
    const event: SqsEvent = {
      Records: messages.map((message) => ({
        messageId: message.MessageId ?? '',
        receiptHandle: message.ReceiptHandle ?? '',
        body: message.Body ?? '',
        attributes: { ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1' },
        eventSource: 'aws:sqs',
      })),
    };
    this.stats.invocations++;
    const failedIds = await this.invokeWithTimeout(event);
    const succeeded = messages.filter((message) => !failedIds.has(message.MessageId ?? ''));
    this.stats.failed += messages.length - succeeded.length;
    if (succeeded.length === 0) return;
    await this.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: this.queueUrl,
        Entries: succeeded.map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle ?? '',
        })),
      }),
    );
    this.stats.deleted += succeeded.length;
  }

  /** The ids of the messages to leave on the queue. */
  private async invokeWithTimeout(event: SqsEvent): Promise<Set<string>> {
    const all = new Set(event.Records.map((record) => record.messageId));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.options.timeoutMs);
    });
    try {
      const answer = await Promise.race([this.invoke(event), timeout]);
      if (answer === 'timeout') {
        this.stats.timedOut++;
        return all;
      }
      return new Set(answer.batchItemFailures.map((failure) => failure.itemIdentifier));
    } catch {
      return all;
    } finally {
      clearTimeout(timer);
    }
  }
}
