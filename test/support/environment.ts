/**
 * The environment the bundled functions run in during tests: DynamoDB Local and MinIO, the tables
 * (same key schema as the template, from the contract) and the bucket, and the variables the template
 * sets (FUNCTION_ENV) plus the SDK's standard endpoint overrides. Set up once per test process,
 * before any bundle is loaded, because the bundles read their environment at cold start.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENV, JOBS_KEY, MARKET_DATA_KEY } from '../../src/contract';
import { dynamoDbLocal } from './dynamodb-local';
import { MINIO_CREDENTIALS, minio } from './minio';

export interface TestEnvironment {
  jobsTable: string;
  marketDataTable: string;
  bucket: string;
  /** Clients of the test's own, for arranging and checking state. */
  documentClient: DynamoDBDocumentClient;
  s3: S3Client;
}

const REGION = 'us-east-1';

let ready: Promise<TestEnvironment> | undefined;

async function setUp(): Promise<TestEnvironment> {
  const [dynamoEndpoint, s3Endpoint] = await Promise.all([dynamoDbLocal(), minio()]);
  const names = {
    jobsTable: 'servapp-jobs-test',
    marketDataTable: 'servapp-market-data-test',
    bucket: 'servapp-uploads-test',
  };
  Object.assign(process.env, {
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: MINIO_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MINIO_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_S3: s3Endpoint,
    // Handler logs would drown the test report; the logger's own test checks the lines.
    AWS_LAMBDA_LOG_LEVEL: 'ERROR',
    // Metric lines likewise; the fan-out tests collect them through the functions' metrics sink.
    SERVAPP_METRICS: 'off',
    [ENV.jobsTable]: names.jobsTable,
    [ENV.marketDataTable]: names.marketDataTable,
    [ENV.uploadBucket]: names.bucket,
  });
  delete process.env.AWS_PROFILE;

  const dynamo = new DynamoDBClient({ region: REGION, endpoint: dynamoEndpoint });
  const s3 = new S3Client({ region: REGION, endpoint: s3Endpoint, forcePathStyle: true });
  await Promise.all([
    dynamo.send(
      new CreateTableCommand({
        TableName: names.marketDataTable,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: MARKET_DATA_KEY.partition, AttributeType: 'S' },
          { AttributeName: MARKET_DATA_KEY.sort, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: MARKET_DATA_KEY.partition, KeyType: 'HASH' },
          { AttributeName: MARKET_DATA_KEY.sort, KeyType: 'RANGE' },
        ],
      }),
    ),
    dynamo.send(
      new CreateTableCommand({
        TableName: names.jobsTable,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: JOBS_KEY.partition, AttributeType: 'S' }],
        KeySchema: [{ AttributeName: JOBS_KEY.partition, KeyType: 'HASH' }],
      }),
    ),
    s3.send(new CreateBucketCommand({ Bucket: names.bucket })),
  ]);
  const documentClient = DynamoDBDocumentClient.from(dynamo, { unmarshallOptions: { wrapNumbers: true } });
  return { ...names, documentClient, s3 };
}

export function testEnvironment(): Promise<TestEnvironment> {
  ready ??= setUp();
  return ready;
}
