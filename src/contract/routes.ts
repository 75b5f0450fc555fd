/** The API's routes: one list read by the gateway, the OpenAPI document, the local runtime and tests. */
import type { FunctionName } from './environment.js';
import {
  type JsonSchema,
  RESULTS_RESPONSE_SCHEMA,
  STATUS_RESPONSE_SCHEMA,
  UPLOAD_RESPONSE_SCHEMA,
  uploadRequestSchema,
} from './schemas.js';

export type HttpMethod = 'GET' | 'POST';

export interface RouteSpec {
  /** Also the OpenAPI operationId. */
  id: 'createUpload' | 'getStatus' | 'getResults';
  method: HttpMethod;
  /** API Gateway path template. */
  path: string;
  summary: string;
  function: FunctionName;
  pathParameters: readonly string[];
  queryParameters: readonly string[];
  /** The request body schema, when the route takes a body. */
  requestBody?: (maxUploadBytes?: number) => JsonSchema;
  responseSchema: JsonSchema;
  /** Statuses the route documents besides 200 and the error statuses. */
  errorStatuses: readonly number[];
}

export const ROUTES: readonly RouteSpec[] = [
  {
    id: 'createUpload',
    method: 'POST',
    path: '/upload',
    summary: 'Start a job: returns its id and a presigned POST for one CSV file',
    function: 'upload',
    pathParameters: [],
    queryParameters: [],
    requestBody: uploadRequestSchema,
    responseSchema: UPLOAD_RESPONSE_SCHEMA,
    errorStatuses: [400, 403, 413, 429, 500],
  },
  {
    id: 'getStatus',
    method: 'GET',
    path: '/status/{jobId}',
    summary: "A job's state and row counts",
    function: 'status',
    pathParameters: ['jobId'],
    queryParameters: [],
    responseSchema: STATUS_RESPONSE_SCHEMA,
    errorStatuses: [400, 403, 404, 429, 500],
  },
  {
    id: 'getResults',
    method: 'GET',
    path: '/results/{symbol}',
    summary: "A symbol's stored rows, newest first, with an optional time range and pagination",
    function: 'results',
    pathParameters: ['symbol'],
    queryParameters: ['from', 'to', 'limit', 'nextToken'],
    responseSchema: RESULTS_RESPONSE_SCHEMA,
    errorStatuses: [400, 403, 429, 500],
  },
];

/** The distinct resource paths, for CORS preflight. */
export function routePaths(): string[] {
  return [...new Set(ROUTES.map((route) => route.path))].sort();
}
