/**
 * `nextToken` for GET /results: base64url JSON of the query's LastEvaluatedKey. Opaque to clients and
 * checked strictly on the way back: the right shape, the same symbol as the path, a stored-form
 * timestamp inside the requested range. A token can therefore only resume this very query; a
 * hand-made one can at most skip ahead within the caller's own symbol, which `to` allows anyway.
 */
import { MARKET_DATA_KEY, PARAMETER_SCHEMAS } from '../../src/contract';
import { STORED_TIMESTAMP_PATTERN } from './timestamp';

export type ResultsKey = Record<typeof MARKET_DATA_KEY.partition | typeof MARKET_DATA_KEY.sort, string>;

interface TokenBody {
  s: string;
  t: string;
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]+$/;

export function encodeToken(key: Record<string, unknown>): string {
  const body: TokenBody = {
    s: String(key[MARKET_DATA_KEY.partition]),
    t: String(key[MARKET_DATA_KEY.sort]),
  };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The key to resume after, or `undefined` when the token was not issued for this query. */
export function decodeToken(
  token: string,
  query: { symbol: string; from?: string; to?: string },
): ResultsKey | undefined {
  if (token.length > PARAMETER_SCHEMAS.nextToken.maxLength || !TOKEN_PATTERN.test(token)) return undefined;
  const body = parseJson(Buffer.from(token, 'base64url').toString('utf8'));
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const keys = Object.keys(body).sort();
  if (keys.length !== 2 || keys[0] !== 's' || keys[1] !== 't') return undefined;
  const { s, t } = body as Record<string, unknown>;
  if (s !== query.symbol || typeof t !== 'string' || !STORED_TIMESTAMP_PATTERN.test(t)) return undefined;
  if ((query.from !== undefined && t < query.from) || (query.to !== undefined && t > query.to))
    return undefined;
  return { [MARKET_DATA_KEY.partition]: s, [MARKET_DATA_KEY.sort]: t } as ResultsKey;
}
