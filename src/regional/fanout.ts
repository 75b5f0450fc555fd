/**
 * The fan-out of large files: the parts queue the processor fills, its dead-letter queue, and the
 * event source mapping through which Lambda feeds the parts to the worker. Lambda does the
 * scheduling (batching, visibility, retries, concurrency); nothing here polls.
 */
import { Lambda, SQS } from 'cloudform-types';
import { FANOUT } from '../contract/index.js';
import { REGIONAL_IDS } from '../conventions/index.js';
import type { Handle } from '../core/template.js';
import { type RegionalContext, retention } from './context.js';

const PARTS_RETENTION_SECONDS = 4 * 24 * 60 * 60;

export interface PartsQueues {
  queue: Handle<'AWS::SQS::Queue'>;
  deadLetterQueue: Handle<'AWS::SQS::Queue'>;
}

/** The queues, made before the functions because the processor's environment names the queue. */
export function partsQueues(ctx: RegionalContext, key: Handle<'AWS::KMS::Key'>): PartsQueues {
  const { t, names, settings } = ctx;
  const deadLetterQueue = t.resource(
    REGIONAL_IDS.partsDeadLetterQueue,
    new SQS.Queue({
      QueueName: names.name('parts-dlq'),
      KmsMasterKeyId: key.getAtt('Arn'),
      KmsDataKeyReusePeriodSeconds: 300,
      MessageRetentionPeriod: FANOUT.deadLetterRetentionSeconds,
    }),
    {
      ...retention(ctx),
      metadata: {
        Purpose:
          'Part messages that failed every receive; the worker has marked each part failed on its job before it lands here',
      },
    },
  );
  const queue = t.resource(
    REGIONAL_IDS.partsQueue,
    new SQS.Queue({
      QueueName: names.name('parts'),
      KmsMasterKeyId: key.getAtt('Arn'),
      KmsDataKeyReusePeriodSeconds: 300,
      // Longer than any worker can run, so a part is never handed to a second worker mid-flight.
      VisibilityTimeout: FANOUT.visibilityTimeoutFactor * settings.worker.timeoutSeconds,
      // SQS's default 4 days: far past any backlog the age alarm lets stand, and shorter than the
      // dead-letter queue's retention, which counts from the first send (standard queues).
      MessageRetentionPeriod: PARTS_RETENTION_SECONDS,
      RedrivePolicy: {
        deadLetterTargetArn: deadLetterQueue.getAtt('Arn'),
        maxReceiveCount: FANOUT.maxReceiveCount,
      },
    }),
    {
      ...retention(ctx),
      metadata: {
        Purpose: 'One message per part of a large file, written by the processor, read by the worker',
      },
    },
  );
  return { queue, deadLetterQueue };
}

/** Lambda polls the parts queue and invokes the worker, at most `worker.maxConcurrency` at once. */
export function workerEventSource(
  ctx: RegionalContext,
  parts: PartsQueues,
  worker: Handle<'AWS::Lambda::Function'>,
): Handle<'AWS::Lambda::EventSourceMapping'> {
  return ctx.t.resource(
    REGIONAL_IDS.workerEventSourceMapping,
    new Lambda.EventSourceMapping({
      EventSourceArn: parts.queue.getAtt('Arn'),
      FunctionName: worker.ref(),
      BatchSize: FANOUT.batchSize,
      // A failed part is retried alone; the others in the batch are deleted.
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: ctx.settings.worker.maxConcurrency },
      Enabled: true,
    }),
  );
}
