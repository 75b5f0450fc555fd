import { randomBytes } from 'node:crypto';
/**
 * The whole pipeline on one machine: DynamoDB Local and MinIO with the tables and bucket the
 * regional template defines, the built bundles in their own workers, MinIO's ObjectCreated
 * notifications delivered to the processor asynchronously, ElasticMQ with the parts queue and its
 * dead-letter queue, a poller feeding the worker as the event source mapping does, and the gateway
 * in front.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutBucketNotificationConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { SqsBatchResponse, SqsEvent } from '../../lambda-src/shared/events';
import { ENV, FANOUT, FUNCTION_NAMES, type FunctionName, LIMITS } from '../../src/contract';
import { lambdaDist } from '../build-lambdas';
import { FunctionRunner } from './function-runner';
import { createGateway } from './gateway';
import { AsyncInvoker, createNotificationReceiver } from './notifications';
import { PartsPoller } from './parts-poller';
import { createPartsQueues, type PartsQueues } from './parts-queues';
import { REPO_ROOT } from './paths';
import { startDynamoDbLocal } from './servers/dynamodb-local';
import { startElasticMq } from './servers/elasticmq';
import { startMinio } from './servers/minio';
import { tempDir } from './servers/process';
import { createApiKeyAuthenticator, createSigV4Authenticator, LOCAL_CREDENTIALS } from './sigv4';
import { type LocalDefinitions, localTemplateFile, readLocalDefinitions } from './template-resources';

export const LOCAL_REGION = 'us-east-1';
const WEBHOOK_ID = 'SERVAPP';

export const LOCAL_NAMES = {
  marketDataTable: 'servapp-local-market-data',
  jobsTable: 'servapp-local-jobs',
  bucket: 'servapp-local-uploads',
  partsQueue: 'servapp-local-parts',
} as const;

/**
 * Worker invocations at once, locally: the template's MaximumConcurrency (100) is sized for Lambda;
 * on one machine the workers share its cores and one DynamoDB Local.
 */
const LOCAL_WORKER_CONCURRENCY = 8;

export const LOCAL_AUTH_MODES = ['none', 'iam', 'api-key'] as const;
export type LocalAuth = (typeof LOCAL_AUTH_MODES)[number];

export interface LocalStackOptions {
  /** 0 picks a free port. */
  port?: number;
  /**
   * How the local gateway authenticates: as the deployed API's `apiAuth` would (IAM: SigV4 with
   * the local credentials; api-key: the `x-api-key` header, the key in `LocalStack.apiKey`).
   */
  auth?: LocalAuth;
  /** The environment whose template the local stack follows (tables, throttle, functions): dev by default. */
  environment?: string;
  /** Overrides the template's stage throttle (tests use a small one). */
  throttle?: { rateLimit: number; burstLimit: number };
  /** Delay before each processor retry, ms. */
  retryBackoffMs?: (retry: number) => number;
  log?: (line: string) => void;
  /** The functions' AWS_LAMBDA_LOG_LEVEL (their JSON log lines go to this process's stdout). */
  logLevel?: string;
  /** Worker invocations at once (the event source mapping's MaximumConcurrency). */
  workerConcurrency?: number;
}

export interface LocalStack {
  /** The key requests must carry in `x-api-key`, with `auth: 'api-key'`. */
  apiKey?: string;
  url: string;
  deadLetterFile: string;
  names: typeof LOCAL_NAMES;
  endpoints: { dynamodb: string; s3: string; sqs: string };
  partsQueues: PartsQueues;
  /** Requests the gateway has received. */
  requestCount: () => number;
  /** Waits for queued processor invocations to finish. */
  drain: () => Promise<void>;
  stop: () => Promise<void>;
}

function listen(server: ReturnType<typeof createGateway>, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

async function createResources(
  defs: LocalDefinitions,
  endpoints: { dynamodb: string; s3: string },
  webhookPrefix: string,
) {
  const credentials = LOCAL_CREDENTIALS;
  const dynamo = new DynamoDBClient({ region: LOCAL_REGION, endpoint: endpoints.dynamodb, credentials });
  const s3 = new S3Client({
    region: LOCAL_REGION,
    endpoint: endpoints.s3,
    forcePathStyle: true,
    credentials,
  });
  const tables = [
    { name: LOCAL_NAMES.marketDataTable, def: defs.tables.marketData },
    { name: LOCAL_NAMES.jobsTable, def: defs.tables.jobs },
  ];
  for (const { name, def } of tables) {
    await dynamo.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: def.keySchema,
        AttributeDefinitions: def.attributeDefinitions,
      }),
    );
    if (def.ttlAttribute) {
      await dynamo.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { AttributeName: def.ttlAttribute, Enabled: true },
        }),
      );
    }
  }
  await s3.send(new CreateBucketCommand({ Bucket: LOCAL_NAMES.bucket }));
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: LOCAL_NAMES.bucket,
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            QueueArn: `arn:minio:sqs::${WEBHOOK_ID}:webhook`,
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: webhookPrefix }] } },
          },
        ],
      },
    }),
  );
  dynamo.destroy();
  s3.destroy();
}

/** Each function's environment: the template's literal values, local names for what it computes. */
function functionEnvironment(
  defs: LocalDefinitions,
  fn: FunctionName,
  endpoints: { dynamodb: string; s3: string; sqs: string },
  logLevel: string,
  partsQueueUrl: string,
): Record<string, string> {
  const computed: Record<string, string> = {
    [ENV.jobsTable]: LOCAL_NAMES.jobsTable,
    [ENV.marketDataTable]: LOCAL_NAMES.marketDataTable,
    [ENV.uploadBucket]: LOCAL_NAMES.bucket,
    [ENV.partsQueueUrl]: partsQueueUrl,
  };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_LAMBDA_LOG_LEVEL: logLevel,
    AWS_LAMBDA_FUNCTION_NAME: `servapp-local-${fn}`,
  };
  for (const [name, value] of Object.entries(defs.functions[fn].environment)) {
    const resolved = value ?? computed[name];
    if (resolved === undefined) throw new Error(`no local value for ${fn}'s ${name}`);
    env[name] = resolved;
  }
  return env;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  if (!FUNCTION_NAMES.every((fn) => existsSync(join(lambdaDist(), fn, 'index.mjs')))) {
    throw new Error('the Lambda bundles are missing: run npm run build:lambdas');
  }
  const defs = readLocalDefinitions(localTemplateFile(options.environment));
  const apiKey = options.auth === 'api-key' ? randomBytes(20).toString('base64url') : undefined;
  const stateDir = await tempDir('local');
  const deadLetterFile = join(stateDir, 'dead-letters.jsonl');

  // The receiver must listen before MinIO starts: MinIO checks its webhook target at start.
  let invoker: AsyncInvoker | undefined;
  const receiver = createNotificationReceiver((event) => invoker?.enqueue(event));
  const receiverPort = await listen(receiver, 0);
  const [dynamodb, minio, elasticmq] = await Promise.all([
    startDynamoDbLocal(),
    startMinio({
      credentials: LOCAL_CREDENTIALS,
      env: {
        [`MINIO_NOTIFY_WEBHOOK_ENABLE_${WEBHOOK_ID}`]: 'on',
        [`MINIO_NOTIFY_WEBHOOK_ENDPOINT_${WEBHOOK_ID}`]: `http://127.0.0.1:${receiverPort}/s3-events`,
      },
    }),
    startElasticMq(),
  ]);
  const endpoints = { dynamodb: dynamodb.endpoint, s3: minio.endpoint, sqs: elasticmq.endpoint };
  await createResources(defs, endpoints, defs.notificationPrefix);
  const sqs = new SQSClient({
    region: LOCAL_REGION,
    endpoint: endpoints.sqs,
    credentials: LOCAL_CREDENTIALS,
  });
  const partsQueues = await createPartsQueues(
    sqs,
    LOCAL_NAMES.partsQueue,
    defs.functions.worker.timeoutSeconds,
  );

  const runners = Object.fromEntries(
    FUNCTION_NAMES.map((fn) => [
      fn,
      new FunctionRunner(
        fn,
        functionEnvironment(defs, fn, endpoints, options.logLevel ?? 'INFO', partsQueues.queueUrl),
        defs.functions[fn].timeoutSeconds * 1000,
      ),
    ]),
  ) as Record<FunctionName, FunctionRunner>;
  await Promise.all(Object.values(runners).map((runner) => runner.ready()));
  invoker = new AsyncInvoker({
    processor: runners.processor,
    retries: 2,
    deadLetterFile,
    ...(options.retryBackoffMs ? { backoffMs: options.retryBackoffMs } : {}),
    log,
  });

  const poller = new PartsPoller(
    sqs,
    partsQueues.queueUrl,
    (event: SqsEvent) => runners.worker.invoke<SqsBatchResponse>(event),
    {
      batchSize: FANOUT.batchSize,
      maxConcurrency: options.workerConcurrency ?? LOCAL_WORKER_CONCURRENCY,
      timeoutMs: defs.functions.worker.timeoutSeconds * 1000,
    },
  );
  poller.start();

  let requests = 0;
  const gateway = createGateway({
    onRequest: () => {
      requests += 1;
    },
    runners: { upload: runners.upload, status: runners.status, results: runners.results },
    throttle: options.throttle ?? defs.throttle,
    maxUploadBytes: Number(defs.functions.upload.environment[ENV.maxUploadBytes] ?? LIMITS.maxUploadBytes),
    openApiDocument: readFileSync(join(REPO_ROOT, 'templates', 'openapi', 'servapp-api.json'), 'utf8'),
    ...(options.auth === 'iam' ? { authenticate: createSigV4Authenticator(LOCAL_REGION) } : {}),
    ...(apiKey ? { authenticate: createApiKeyAuthenticator(apiKey) } : {}),
  });
  const port = await listen(gateway, options.port ?? 0);

  const stop = async () => {
    const closed = new Promise((resolve) => gateway.close(resolve));
    gateway.closeAllConnections();
    await closed;
    await invoker?.drain();
    await poller.stop();
    sqs.destroy();
    await new Promise((resolve) => receiver.close(resolve));
    await Promise.all(Object.values(runners).map((runner) => runner.stop()));
    await Promise.all([dynamodb.stop(), minio.stop(), elasticmq.stop()]);
  };
  return {
    ...(apiKey ? { apiKey } : {}),
    url: `http://127.0.0.1:${port}`,
    deadLetterFile,
    names: LOCAL_NAMES,
    endpoints,
    partsQueues,
    requestCount: () => requests,
    drain: () => invoker?.drain() ?? Promise.resolve(),
    stop,
  };
}
