/** GET /results/{symbol}: stored rows newest first, with an optional time range and pagination. */
import { ENV, type ResultsResponse } from '../../src/contract';
import { createDocumentClient, type DocumentClient } from '../shared/clients';
import { requiredEnv } from '../shared/config';
import { apiHandler } from '../shared/http';
import { MarketDataReader } from '../shared/market-data-reader';
import { encodeToken } from '../shared/pagination-token';
import { parseResultsQuery } from './results-query';

export interface ResultsDependencies {
  documentClient: DocumentClient;
  marketDataTable: string;
}

export function resultsDependenciesFromEnv(): ResultsDependencies {
  return { documentClient: createDocumentClient(), marketDataTable: requiredEnv(ENV.marketDataTable) };
}

export function createHandler(deps: ResultsDependencies = resultsDependenciesFromEnv()) {
  const reader = new MarketDataReader(deps.documentClient, deps.marketDataTable);
  return apiHandler('getResults', async ({ event }): Promise<ResultsResponse> => {
    const query = parseResultsQuery(event);
    const page = await reader.page(query);
    const response: ResultsResponse = { symbol: query.symbol, items: page.items };
    if (page.lastKey) response.nextToken = encodeToken(page.lastKey);
    return response;
  });
}

export const handler = createHandler();
