/** A typed client of the ServApp API, for the CLI, the end-to-end tests and the benchmarks. */
import type { SignatureV4 } from '@smithy/signature-v4';
import {
  CORRELATION_HEADER,
  type ErrorBody,
  FINAL_JOB_STATUSES,
  type ResultsResponse,
  type StatusResponse,
  type UploadResponse,
} from '../contract/index.js';
import { signRequest } from './sigv4.js';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly correlationId: string | undefined,
  ) {
    super(message);
  }
}

export interface ResultsQuery {
  from?: string;
  to?: string;
  limit?: number;
  nextToken?: string;
}

export interface ClientOptions {
  /** Signs every request with SigV4 (a stage with IAM authorisation). */
  signer?: SignatureV4;
  /** Sent as `x-api-key` (a stage built with `apiAuth: 'API_KEY'`; its id is the stack output ApiKeyId). */
  apiKey?: string;
  fetch?: typeof fetch;
}

export class ServAppClient {
  readonly baseUrl: string;
  readonly #options: ClientOptions;

  constructor(baseUrl: string, options: ClientOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.#options = options;
  }

  createUpload(fileName: string, contentLength?: number): Promise<UploadResponse> {
    const body: Record<string, unknown> = { fileName, fileType: 'csv' };
    if (contentLength !== undefined) body.contentLength = contentLength;
    return this.#request<UploadResponse>('POST', '/upload', JSON.stringify(body));
  }

  status(jobId: string): Promise<StatusResponse> {
    return this.#request<StatusResponse>('GET', `/status/${encodeURIComponent(jobId)}`);
  }

  results(symbol: string, query: ResultsQuery = {}): Promise<ResultsResponse> {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query))
      if (value !== undefined) params.set(name, String(value));
    const search = params.size > 0 ? `?${params}` : '';
    return this.#request<ResultsResponse>('GET', `/results/${encodeURIComponent(symbol)}${search}`);
  }

  /** Every row in the range, following nextToken. */
  async allResults(
    symbol: string,
    query: Omit<ResultsQuery, 'nextToken'> = {},
  ): Promise<ResultsResponse['items']> {
    const items: ResultsResponse['items'] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.results(symbol, { ...query, ...(nextToken ? { nextToken } : {}) });
      items.push(...page.items);
      nextToken = page.nextToken;
    } while (nextToken);
    return items;
  }

  /** Polls the job until it ends; `onUpdate` sees every answer. */
  async followJob(
    jobId: string,
    onUpdate?: (status: StatusResponse) => void,
    intervalMs = 250,
    timeoutMs = 600_000,
  ) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await this.status(jobId);
      onUpdate?.(status);
      if (FINAL_JOB_STATUSES.includes(status.status)) return status;
      if (Date.now() > deadline) throw new Error(`job ${jobId} did not finish within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  async #request<T>(method: 'GET' | 'POST', path: string, body?: string): Promise<T> {
    const url = new URL(`${this.baseUrl}${path}`);
    let headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (this.#options.apiKey !== undefined) headers['x-api-key'] = this.#options.apiKey;
    if (this.#options.signer) {
      headers = await signRequest(
        { method, url, headers, ...(body !== undefined ? { body } : {}) },
        this.#options.signer,
      );
      delete headers.host;
    }
    const response = await (this.#options.fetch ?? fetch)(url, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    const correlationId = response.headers.get(CORRELATION_HEADER) ?? undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ApiError(
        response.status,
        'NOT_JSON',
        `the API answered ${response.status} with a body that is not JSON`,
        correlationId,
      );
    }
    if (!response.ok) {
      const error = (parsed as Partial<ErrorBody>).error;
      throw new ApiError(
        response.status,
        error?.code ?? 'UNKNOWN',
        error?.message ?? `HTTP ${response.status}`,
        (parsed as Partial<ErrorBody>).correlationId ?? correlationId,
      );
    }
    return parsed as T;
  }
}
