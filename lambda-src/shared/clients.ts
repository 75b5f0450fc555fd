/**
 * The AWS clients, made once per cold start. Endpoints come from the SDK's own environment variables
 * (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL_SQS), which local servers use;
 * a local S3 server has no per-bucket DNS names, so an endpoint override implies path-style URLs.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** What the repositories need of a document client; tests wrap it to inject faults. */
export type DocumentClient = Pick<DynamoDBDocumentClient, 'send'>;

export function createDocumentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
    // Numbers come back as NumberValue (their exact digits), never as floats.
    unmarshallOptions: { wrapNumbers: true },
  });
}

export function createS3Client(): S3Client {
  return new S3Client({
    forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL),
  });
}

export function createSqsClient(): SQSClient {
  return new SQSClient({});
}
