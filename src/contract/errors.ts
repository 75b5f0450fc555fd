/** The one error shape every response uses, from the gateway and from the functions alike. */

export const ERROR_CODES = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  INVALID_PAGINATION_TOKEN: 400,
  UNAUTHENTICATED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  THROTTLED: 429,
  INTERNAL: 500,
  BAD_GATEWAY: 502,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorBody {
  error: { code: ErrorCode; message: string };
  correlationId: string;
}

export function errorBody(code: ErrorCode, message: string, correlationId: string): ErrorBody {
  return { error: { code, message }, correlationId };
}

/**
 * API Gateway's own error responses, each mapped to one of our codes. `DEFAULT_4XX` and
 * `DEFAULT_5XX` catch every type not listed. The status code stays the gateway's.
 * The message is the gateway's own (`$context.error.messageString`, already a quoted string).
 */
export interface GatewayResponseSpec {
  type: string;
  code: ErrorCode;
}

export const GATEWAY_RESPONSES: readonly GatewayResponseSpec[] = [
  { type: 'DEFAULT_4XX', code: 'BAD_REQUEST' },
  { type: 'DEFAULT_5XX', code: 'INTERNAL' },
  // The validation detail ($context.error.validationErrorString) can hold unescaped quotes, and
  // gateway response templates cannot escape it, so the generic message is used.
  { type: 'BAD_REQUEST_BODY', code: 'VALIDATION_FAILED' },
  { type: 'BAD_REQUEST_PARAMETERS', code: 'VALIDATION_FAILED' },
  { type: 'MISSING_AUTHENTICATION_TOKEN', code: 'UNAUTHENTICATED' },
  { type: 'INVALID_SIGNATURE', code: 'UNAUTHENTICATED' },
  { type: 'EXPIRED_TOKEN', code: 'UNAUTHENTICATED' },
  { type: 'INVALID_API_KEY', code: 'UNAUTHENTICATED' },
  { type: 'ACCESS_DENIED', code: 'FORBIDDEN' },
  { type: 'UNAUTHORIZED', code: 'UNAUTHENTICATED' },
  { type: 'REQUEST_TOO_LARGE', code: 'PAYLOAD_TOO_LARGE' },
  { type: 'UNSUPPORTED_MEDIA_TYPE', code: 'UNSUPPORTED_MEDIA_TYPE' },
  { type: 'THROTTLED', code: 'THROTTLED' },
  { type: 'QUOTA_EXCEEDED', code: 'THROTTLED' },
  { type: 'INTEGRATION_FAILURE', code: 'BAD_GATEWAY' },
  { type: 'INTEGRATION_TIMEOUT', code: 'TIMEOUT' },
];
