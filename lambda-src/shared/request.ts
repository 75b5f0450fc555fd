/** Reading API Gateway proxy events: the JSON body and path/query parameters, refused in the contract's terms. */
import type { ApiGatewayProxyEvent } from './events';
import { HttpError } from './http';

/** Refuses bytes that are not UTF-8 instead of turning them into U+FFFD, which would pass validation. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

export function jsonBody(event: ApiGatewayProxyEvent): unknown {
  if (event.body === null || event.body === '')
    throw new HttpError('BAD_REQUEST', 'a JSON request body is required');
  let text = event.body;
  if (event.isBase64Encoded) {
    try {
      text = UTF8.decode(Buffer.from(event.body, 'base64'));
    } catch {
      throw new HttpError('BAD_REQUEST', 'the request body is not UTF-8 text');
    }
  }
  if (text.includes('\uFFFD')) throw new HttpError('BAD_REQUEST', 'the request body holds invalid UTF-8');
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError('BAD_REQUEST', 'the request body is not valid JSON');
  }
}

export function pathParameter(event: ApiGatewayProxyEvent, name: string): string {
  const value = event.pathParameters?.[name];
  if (value === undefined || value === '')
    throw new HttpError('VALIDATION_FAILED', `the path parameter ${name} is required`);
  return value;
}

export function queryParameter(event: ApiGatewayProxyEvent, name: string): string | undefined {
  const value = event.queryStringParameters?.[name];
  return value === undefined || value === '' ? undefined : value;
}
