/** Reading API Gateway proxy events: the JSON body and path/query parameters, refused in the contract's terms. */
import type { ApiGatewayProxyEvent } from './events';
import { HttpError } from './http';

export function jsonBody(event: ApiGatewayProxyEvent): unknown {
  if (event.body === null || event.body === '')
    throw new HttpError('BAD_REQUEST', 'a JSON request body is required');
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
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
