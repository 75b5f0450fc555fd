/**
 * The worker: fed part messages by the parts queue's event source mapping. Each message is processed
 * on its own and a failed one is reported in `batchItemFailures`, so only it comes back after the
 * visibility timeout. On a message's last receive the part is first recorded as failed on the job,
 * then reported, and SQS moves it to the dead-letter queue: the job ends FAILED naming the part.
 * A part that runs out of its time budget is handed on in a new message and this one acknowledged,
 * so slow progress (throttling) never uses up the receives.
 */
import { ENV, FANOUT } from '../../src/contract';
import { createDocumentClient, createS3Client, createSqsClient } from '../shared/clients';
import { integerEnv, requiredEnv } from '../shared/config';
import type { LambdaContext, SqsBatchResponse, SqsEvent } from '../shared/events';
import { JobsRepository } from '../shared/jobs-repository';
import { createLogger, errorFields } from '../shared/logger';
import { parsePartMessage } from '../shared/parts-queue';
import { failPart, handOnLane, processPart, type WorkerSettings } from './process-part';

const DEFAULT_WRITE_CONCURRENCY = 16;

export interface WorkerDependencies extends WorkerSettings {
  jobsTable: string;
}

export function workerDependenciesFromEnv(): WorkerDependencies {
  const queueUrl = process.env[ENV.partsQueueUrl];
  return {
    ...(queueUrl ? { partsQueue: { sqs: createSqsClient(), queueUrl } } : {}),
    documentClient: createDocumentClient(),
    s3: createS3Client(),
    jobsTable: requiredEnv(ENV.jobsTable),
    marketDataTable: requiredEnv(ENV.marketDataTable),
    writeConcurrency: integerEnv(ENV.writeConcurrency, DEFAULT_WRITE_CONCURRENCY),
  };
}

export function createHandler(deps: WorkerDependencies = workerDependenciesFromEnv()) {
  const jobs = new JobsRepository(deps.documentClient, deps.jobsTable);
  return async (event: SqsEvent, context: LambdaContext): Promise<SqsBatchResponse> => {
    const log = createLogger(context.awsRequestId, { requestId: context.awsRequestId });
    const batchItemFailures: SqsBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records ?? []) {
      const message = parsePartMessage(record.body);
      if (message === undefined) {
        // Not ours: retrying cannot make it one; acknowledged so it does not sit in the queue.
        log.error('message is not a part message; dropped', { messageId: record.messageId });
        continue;
      }
      const receives = Number(record.attributes.ApproximateReceiveCount);
      const partLog = log.child({ jobId: message.jobId, part: message.part, receives });
      try {
        const remaining = context.getRemainingTimeInMillis?.bind(context);
        const outcome = await processPart(message, jobs, deps, partLog, remaining);
        partLog.info('part message handled', { outcome });
      } catch (error) {
        const last = receives >= FANOUT.maxReceiveCount;
        partLog.error(
          last ? 'part failed on its last receive' : 'part failed; it will be retried',
          errorFields(error),
        );
        try {
          if (last) {
            await failPart(message, jobs, partLog, deps.metrics);
            // The failed part goes to the dead-letter queue; the rest of its lane goes on.
            await handOnLane(message, deps);
          }
        } catch (recordError) {
          partLog.error('could not record the failed part on the job', errorFields(recordError));
        }
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}

export const handler = createHandler();
