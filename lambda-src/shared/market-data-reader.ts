/** Reads a symbol's rows newest first, one page at a time, prices as exact decimal strings. */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { MARKET_DATA_KEY, type MarketDataItem } from '../../src/contract';
import type { DocumentClient } from './clients';
import { plainDecimal } from './decimal';
import type { ResultsKey } from './pagination-token';

export interface PageRequest {
  symbol: string;
  from?: string;
  to?: string;
  limit: number;
  startAfter?: ResultsKey;
}

export interface Page {
  items: MarketDataItem[];
  lastKey?: Record<string, unknown>;
}

/** The exact digits of a number read with wrapNumbers. */
function digitsOf(value: unknown): string {
  if (value !== null && typeof value === 'object' && 'value' in value) return String(value.value);
  return String(value);
}

function rangeCondition(request: PageRequest): { expression: string; values: Record<string, string> } {
  if (request.from !== undefined && request.to !== undefined)
    return {
      expression: ' AND #t BETWEEN :from AND :to',
      values: { ':from': request.from, ':to': request.to },
    };
  if (request.from !== undefined)
    return { expression: ' AND #t >= :from', values: { ':from': request.from } };
  if (request.to !== undefined) return { expression: ' AND #t <= :to', values: { ':to': request.to } };
  return { expression: '', values: {} };
}

export class MarketDataReader {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
  ) {}

  async page(request: PageRequest): Promise<Page> {
    const range = rangeCondition(request);
    const input: QueryCommandInput = {
      TableName: this.table,
      KeyConditionExpression: `#s = :s${range.expression}`,
      ExpressionAttributeNames: {
        '#s': MARKET_DATA_KEY.partition,
        ...(range.expression ? { '#t': MARKET_DATA_KEY.sort } : {}),
      },
      ExpressionAttributeValues: { ':s': request.symbol, ...range.values },
      ScanIndexForward: false,
      Limit: request.limit,
    };
    if (request.startAfter) input.ExclusiveStartKey = request.startAfter;
    const result = await this.client.send(new QueryCommand(input));
    const items = (result.Items ?? []).map((item) => ({
      symbol: String(item[MARKET_DATA_KEY.partition]),
      timestamp: String(item[MARKET_DATA_KEY.sort]),
      price: plainDecimal(digitsOf(item.price)),
      volume: Number(digitsOf(item.volume)),
    }));
    const page: Page = { items };
    if (result.LastEvaluatedKey) page.lastKey = result.LastEvaluatedKey;
    return page;
  }
}
