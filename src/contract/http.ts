/** Headers every response carries: CORS and the correlation id. */

export const CORRELATION_HEADER = 'X-Correlation-Id';

/** A caller's correlation id is kept when it looks like one; otherwise the request id is used. */
export const CORRELATION_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export const CORS_ALLOW_ORIGIN = '*';
export const CORS_ALLOW_METHODS = ['GET', 'POST', 'OPTIONS'] as const;
export const CORS_ALLOW_HEADERS = [
  'Authorization',
  'Content-Type',
  'X-Amz-Date',
  'X-Amz-Security-Token',
  'X-Api-Key',
  CORRELATION_HEADER,
] as const;
export const CORS_EXPOSE_HEADERS = [CORRELATION_HEADER] as const;
export const CORS_MAX_AGE_SECONDS = 600;

/** The CORS headers as a plain map, for the functions and the local gateway. */
export function corsHeaders(): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': CORS_ALLOW_ORIGIN,
    'Access-Control-Allow-Methods': CORS_ALLOW_METHODS.join(','),
    'Access-Control-Allow-Headers': CORS_ALLOW_HEADERS.join(','),
    'Access-Control-Expose-Headers': CORS_EXPOSE_HEADERS.join(','),
    'Access-Control-Max-Age': String(CORS_MAX_AGE_SECONDS),
  };
}
