/** Calling the bundled functions the way API Gateway and S3 do, and reading their answers. */

import type { ProcessorResult } from '../../lambda-src/processor/index';
import type {
  ApiGatewayProxyEvent,
  ApiGatewayProxyResult,
  LambdaContext,
} from '../../lambda-src/shared/events';
import type { ResultsResponse, StatusResponse, UploadResponse } from '../../src/contract';
import { loadBundle } from './bundles';
import { testEnvironment } from './environment';
import { type ApiRequest, apiGatewayEvent, lambdaContext, s3Event } from './events';
import { postToPresignedUrl } from './presigned-post';

export type ApiFunction = (
  event: ApiGatewayProxyEvent,
  context: LambdaContext,
) => Promise<ApiGatewayProxyResult>;

export interface ApiAnswer<Body> {
  status: number;
  headers: Record<string, string>;
  body: Body;
  raw: string;
}

export async function call<Body>(handler: ApiFunction, request: ApiRequest): Promise<ApiAnswer<Body>> {
  const result = await handler(apiGatewayEvent(request), lambdaContext());
  return {
    status: result.statusCode,
    headers: result.headers,
    body: JSON.parse(result.body) as Body,
    raw: result.body,
  };
}

export async function createJob(fileName: string): Promise<UploadResponse> {
  const upload = await loadBundle('upload');
  const answer = await call<UploadResponse>(upload.handler, {
    method: 'POST',
    resource: '/upload',
    body: JSON.stringify({ fileName, fileType: 'csv' }),
  });
  if (answer.status !== 200) throw new Error(`POST /upload answered ${answer.status}: ${answer.raw}`);
  return answer.body;
}

export interface UploadedFile {
  jobId: string;
  key: string;
}

/** POST /upload, then the presigned POST to the S3 server, as a client does. */
export async function uploadThroughApi(
  content: string | Buffer,
  fileName = 'prices.csv',
): Promise<UploadedFile> {
  const job = await createJob(fileName);
  const posted = await postToPresignedUrl(job.upload, content, fileName);
  if (posted.status !== 204) throw new Error(`the presigned POST answered ${posted.status}: ${posted.body}`);
  const key = job.upload.fields.key;
  if (key === undefined) throw new Error('the presigned POST has no key field');
  return { jobId: job.jobId, key };
}

export type ProcessorFunction = (
  event: ReturnType<typeof s3Event>,
  context: LambdaContext,
) => Promise<ProcessorResult>;

/** Delivers one S3 notification holding the given keys to the processor. */
export async function deliver(
  keys: readonly string[],
  handler?: ProcessorFunction,
): Promise<ProcessorResult> {
  const env = await testEnvironment();
  const processor = handler ?? (await loadBundle('processor')).handler;
  return processor(s3Event(env.bucket, keys), lambdaContext());
}

export async function jobStatus(jobId: string): Promise<StatusResponse> {
  const status = await loadBundle('status');
  const answer = await call<StatusResponse>(status.handler, {
    method: 'GET',
    resource: '/status/{jobId}',
    pathParameters: { jobId },
  });
  if (answer.status !== 200) throw new Error(`GET /status answered ${answer.status}: ${answer.raw}`);
  return answer.body;
}

export async function results(
  symbol: string,
  query: Record<string, string> = {},
): Promise<ApiAnswer<ResultsResponse>> {
  const bundle = await loadBundle('results');
  return call<ResultsResponse>(bundle.handler, {
    method: 'GET',
    resource: '/results/{symbol}',
    pathParameters: { symbol },
    query,
  });
}

/** Every stored row of a symbol, following nextToken to the end. */
export async function allResults(symbol: string, pageSize = 1000): Promise<ResultsResponse['items']> {
  const items: ResultsResponse['items'] = [];
  let nextToken: string | undefined;
  do {
    const answer = await results(symbol, { limit: String(pageSize), ...(nextToken ? { nextToken } : {}) });
    if (answer.status !== 200) throw new Error(`GET /results answered ${answer.status}: ${answer.raw}`);
    items.push(...answer.body.items);
    nextToken = answer.body.nextToken;
  } while (nextToken);
  return items;
}
