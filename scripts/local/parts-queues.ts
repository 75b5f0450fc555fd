/**
 * The parts queue and its dead-letter queue on the local SQS server, with the template's settings
 * from the contract (FANOUT): redrive after `maxReceiveCount` receives, the visibility timeout as a
 * multiple of the worker's timeout, and the dead-letter retention.
 */
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { FANOUT } from '../../src/contract';

export interface PartsQueues {
  queueUrl: string;
  deadLetterQueueUrl: string;
}

export async function createPartsQueues(
  sqs: Pick<SQSClient, 'send'>,
  name: string,
  workerTimeoutSeconds: number,
): Promise<PartsQueues> {
  const dead = await sqs.send(
    new CreateQueueCommand({
      QueueName: `${name}-dlq`,
      Attributes: { MessageRetentionPeriod: String(FANOUT.deadLetterRetentionSeconds) },
    }),
  );
  const deadLetterQueueUrl = dead.QueueUrl ?? '';
  const attributes = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: deadLetterQueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: String(FANOUT.visibilityTimeoutFactor * workerTimeoutSeconds),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: attributes.Attributes?.QueueArn,
          maxReceiveCount: FANOUT.maxReceiveCount,
        }),
      },
    }),
  );
  return { queueUrl: queue.QueueUrl ?? '', deadLetterQueueUrl };
}
