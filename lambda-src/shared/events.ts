/**
 * The parts of the Lambda event shapes the functions read: API Gateway REST (v1) proxy events and
 * S3 notifications, SQS messages. Declared here rather than pulling in @types/aws-lambda.
 */

export interface ApiGatewayProxyEvent {
  resource: string;
  path: string;
  httpMethod: string;
  headers: Record<string, string | undefined> | null;
  multiValueHeaders?: Record<string, string[] | undefined> | null;
  queryStringParameters: Record<string, string | undefined> | null;
  multiValueQueryStringParameters?: Record<string, string[] | undefined> | null;
  pathParameters: Record<string, string | undefined> | null;
  stageVariables?: Record<string, string | undefined> | null;
  requestContext: { requestId: string; stage?: string; [key: string]: unknown };
  body: string | null;
  isBase64Encoded: boolean;
}

export interface ApiGatewayProxyResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded?: boolean;
}

export interface S3EventRecord {
  eventSource: string;
  eventName: string;
  awsRegion?: string;
  eventTime?: string;
  s3: {
    bucket: { name: string; arn?: string };
    /** `key` is URL-encoded, with spaces as `+`. */
    object: { key: string; size?: number; eTag?: string; versionId?: string; sequencer?: string };
  };
}

export interface S3Event {
  Records: S3EventRecord[];
}

/** The parts of the Lambda context the functions read. */
export interface LambdaContext {
  awsRequestId: string;
  getRemainingTimeInMillis?: () => number;
}

/** An SQS event record as Lambda's event source mapping delivers it. */
export interface SqsRecord {
  messageId: string;
  receiptHandle?: string;
  body: string;
  attributes: { ApproximateReceiveCount: string; [name: string]: string };
  eventSource?: string;
  eventSourceARN?: string;
}

export interface SqsEvent {
  Records: SqsRecord[];
}

/** The partial batch response (FunctionResponseTypes ReportBatchItemFailures). */
export interface SqsBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}
