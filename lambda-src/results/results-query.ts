/** GET /results/{symbol} parameters: symbol, time range, page size and resume token, each checked. */
import { LIMITS } from '../../src/contract';
import type { ApiGatewayProxyEvent } from '../shared/events';
import { HttpError } from '../shared/http';
import { decodeToken, type ResultsKey } from '../shared/pagination-token';
import { pathParameter, queryParameter } from '../shared/request';
import { normaliseSymbol } from '../shared/symbol';
import { normaliseTimestamp } from '../shared/timestamp';

export interface ResultsQuery {
  symbol: string;
  from?: string;
  to?: string;
  limit: number;
  startAfter?: ResultsKey;
}

function timeBound(event: ApiGatewayProxyEvent, name: 'from' | 'to'): string | undefined {
  const text = queryParameter(event, name);
  if (text === undefined) return undefined;
  const value = normaliseTimestamp(text);
  if (value === undefined)
    throw new HttpError('VALIDATION_FAILED', `${name} must be an ISO-8601 time with an offset or Z`);
  return value;
}

export function parseResultsQuery(event: ApiGatewayProxyEvent): ResultsQuery {
  const symbol = normaliseSymbol(pathParameter(event, 'symbol'));
  if (symbol === undefined)
    throw new HttpError('VALIDATION_FAILED', 'symbol must be 1-16 characters of A-Z, 0-9, "." and "-"');
  const query: ResultsQuery = { symbol, limit: LIMITS.resultsDefaultLimit };
  const from = timeBound(event, 'from');
  const to = timeBound(event, 'to');
  if (from !== undefined) query.from = from;
  if (to !== undefined) query.to = to;
  if (from !== undefined && to !== undefined && from > to)
    throw new HttpError('VALIDATION_FAILED', 'from must not be later than to');

  const limitText = queryParameter(event, 'limit');
  if (limitText !== undefined) {
    const limit = /^\d{1,4}$/.test(limitText) ? Number(limitText) : 0;
    if (limit < 1 || limit > LIMITS.resultsMaxLimit)
      throw new HttpError(
        'VALIDATION_FAILED',
        `limit must be a whole number from 1 to ${LIMITS.resultsMaxLimit}`,
      );
    query.limit = limit;
  }

  const token = queryParameter(event, 'nextToken');
  if (token !== undefined) {
    const startAfter = decodeToken(token, query);
    if (startAfter === undefined)
      throw new HttpError('INVALID_PAGINATION_TOKEN', 'nextToken is not a token this query returned');
    query.startAfter = startAfter;
  }
  return query;
}
