/**
 * API responses: JSON bodies, CORS and the correlation id on every response, and the contract's
 * error shape. Unexpected errors become a plain 500 whose body names nothing internal; the detail,
 * stack included, goes to the log under the same correlation id.
 */
import {
  CORRELATION_HEADER,
  CORRELATION_ID_PATTERN,
  corsHeaders,
  ERROR_CODES,
  type ErrorCode,
  errorBody,
} from '../../src/contract';
import type { ApiGatewayProxyEvent, ApiGatewayProxyResult, LambdaContext } from './events';
import { createLogger, errorFields, type Logger } from './logger';

/** An error with a status and a message fit for the caller. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const CORS_HEADERS = corsHeaders();

/** A valid incoming X-Correlation-Id (any header case), else the API Gateway request id. */
export function correlationIdOf(event: ApiGatewayProxyEvent, context: LambdaContext): string {
  const wanted = CORRELATION_HEADER.toLowerCase();
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (name.toLowerCase() === wanted && value !== undefined && CORRELATION_ID_PATTERN.test(value))
      return value;
  }
  return event.requestContext?.requestId || context.awsRequestId;
}

export function jsonResponse(
  statusCode: number,
  body: unknown,
  correlationId: string,
): ApiGatewayProxyResult {
  return {
    statusCode,
    headers: {
      ...CORS_HEADERS,
      'Content-Type': 'application/json',
      [CORRELATION_HEADER]: correlationId,
    },
    body: JSON.stringify(body),
  };
}

export function errorResponse(
  code: ErrorCode,
  message: string,
  correlationId: string,
): ApiGatewayProxyResult {
  return jsonResponse(ERROR_CODES[code], errorBody(code, message, correlationId), correlationId);
}

export interface ApiRequest {
  event: ApiGatewayProxyEvent;
  correlationId: string;
  log: Logger;
}

export type ApiHandler = (
  event: ApiGatewayProxyEvent,
  context: LambdaContext,
) => Promise<ApiGatewayProxyResult>;

/** Wraps a route: correlation id, one log line per request, and errors in the contract's shape. */
export function apiHandler(route: string, handle: (request: ApiRequest) => Promise<unknown>): ApiHandler {
  return async (event, context) => {
    const correlationId = correlationIdOf(event, context);
    const log = createLogger(correlationId, { route, requestId: context.awsRequestId });
    const started = performance.now();
    try {
      const body = await handle({ event, correlationId, log });
      log.info('request served', { statusCode: 200, durationMs: Math.round(performance.now() - started) });
      return jsonResponse(200, body, correlationId);
    } catch (error) {
      if (error instanceof HttpError) {
        log.info('request refused', {
          statusCode: ERROR_CODES[error.code],
          code: error.code,
          reason: error.message,
        });
        return errorResponse(error.code, error.message, correlationId);
      }
      log.error('request failed', errorFields(error));
      return errorResponse(
        'INTERNAL',
        'An unexpected error occurred; quote the correlation id',
        correlationId,
      );
    }
  };
}
