/**
 * Lambda events as AWS sends them: API Gateway REST API (v1) Lambda proxy events and S3
 * ObjectCreated notifications, field for field as in the AWS documentation's samples.
 */
import { randomUUID } from 'node:crypto';
import type { ApiGatewayProxyEvent, LambdaContext, S3Event } from '../../lambda-src/shared/events';

export interface ApiRequest {
  method: 'GET' | 'POST';
  /** The resource template, e.g. `/status/{jobId}`. */
  resource: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  base64?: boolean;
}

export function apiGatewayEvent(request: ApiRequest): ApiGatewayProxyEvent {
  const pathParameters = request.pathParameters ?? null;
  let path = request.resource;
  for (const [name, value] of Object.entries(pathParameters ?? {}))
    path = path.replace(`{${name}}`, encodeURIComponent(value));
  const headers: Record<string, string> = {
    Accept: 'application/json',
    Host: 'abc123.execute-api.us-east-1.amazonaws.com',
    'User-Agent': 'servapp-tests',
    'X-Amzn-Trace-Id': `Root=1-${randomUUID().slice(0, 8)}-${randomUUID().replace(/-/g, '').slice(0, 24)}`,
    'X-Forwarded-For': '127.0.0.1',
    'X-Forwarded-Port': '443',
    'X-Forwarded-Proto': 'https',
    ...(request.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    ...request.headers,
  };
  const query = request.query ?? null;
  const requestId = randomUUID();
  return {
    resource: request.resource,
    path,
    httpMethod: request.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    queryStringParameters: query,
    multiValueQueryStringParameters: query
      ? Object.fromEntries(Object.entries(query).map(([name, value]) => [name, [value]]))
      : null,
    pathParameters,
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      extendedRequestId: 'AbCdEfGhIjKlMnO=',
      httpMethod: request.method,
      identity: {
        sourceIp: '127.0.0.1',
        userAgent: 'servapp-tests',
        accessKey: null,
        caller: null,
        user: null,
      },
      path: `/prod${path}`,
      protocol: 'HTTP/1.1',
      requestId,
      requestTime: '22/Nov/2025:09:00:00 +0000',
      requestTimeEpoch: Date.now(),
      resourceId: 'a1b2c3',
      resourcePath: request.resource,
      stage: 'prod',
    },
    body:
      request.body === undefined
        ? null
        : request.base64
          ? Buffer.from(request.body).toString('base64')
          : request.body,
    isBase64Encoded: request.base64 ?? false,
  };
}

/** S3 encodes keys in notifications like an HTML form: `+` for space, `%XX` for the rest. */
export function s3EventKey(key: string): string {
  return key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment)
        .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
        .replace(/%20/g, '+'),
    )
    .join('/');
}

export function s3Event(bucket: string, keys: readonly string[], eventName = 'ObjectCreated:Post'): S3Event {
  return {
    Records: keys.map((key, index) => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: new Date().toISOString(),
      eventName,
      userIdentity: { principalId: 'AWS:AIDAEXAMPLE' },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-amz-request-id': randomUUID(), 'x-amz-id-2': randomUUID() },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'processor-incoming',
        bucket: { name: bucket, ownerIdentity: { principalId: 'A3EXAMPLE' }, arn: `arn:aws:s3:::${bucket}` },
        object: {
          key: s3EventKey(key),
          size: 1024,
          eTag: 'd41d8cd98f00b204e9800998ecf8427e',
          sequencer: `0055AED6DCD9028${index}`,
        },
      },
    })),
  };
}

export function lambdaContext(): LambdaContext {
  return { awsRequestId: randomUUID(), getRemainingTimeInMillis: () => 300_000 };
}
