/**
 * The API as an OpenAPI 3.0 document, built from the routes and schemas. The regional stack adds
 * API Gateway's extensions to it; the local gateway serves it; the fuzzer reads it.
 */
import { ERROR_CODES } from './errors.js';
import { CORRELATION_HEADER } from './http.js';
import { ROUTES } from './routes.js';
import { ERROR_RESPONSE_SCHEMA, type JsonSchema, PARAMETER_SCHEMAS } from './schemas.js';

export interface OpenApiOptions {
  title?: string;
  version?: string;
  maxUploadBytes?: number;
  servers?: string[];
}

export type OpenApiDocument = {
  openapi: '3.0.1';
  info: { title: string; version: string; description: string };
  servers?: { url: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema>; responses: Record<string, unknown> };
};

export type OpenApiOperation = Record<string, unknown> & {
  operationId: string;
  parameters: Record<string, unknown>[];
  responses: Record<string, unknown>;
};

const STATUS_TEXT: Record<number, string> = {
  400: 'The request is malformed or fails validation',
  403: 'Missing or invalid credentials, or not allowed',
  404: 'No such resource',
  413: 'The declared file is larger than allowed',
  429: 'Throttled',
  500: 'Unexpected error',
};

/** A draft-04 schema without `$schema`/`title`, as OpenAPI components want. */
function component(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, title: _title, ...rest } = schema;
  return rest;
}

function schemaName(schema: JsonSchema): string {
  return String(schema.title);
}

export function openApiDocument(options: OpenApiOptions = {}): OpenApiDocument {
  const schemas: Record<string, JsonSchema> = { ErrorResponse: component(ERROR_RESPONSE_SCHEMA) };
  const paths: OpenApiDocument['paths'] = {};
  const correlationHeader = {
    [CORRELATION_HEADER]: { description: 'The correlation id of the request', schema: { type: 'string' } },
  };
  for (const route of ROUTES) {
    schemas[schemaName(route.responseSchema)] = component(route.responseSchema);
    const parameters = [
      ...route.pathParameters.map((name) => ({
        name,
        in: 'path',
        required: true,
        schema: PARAMETER_SCHEMAS[name as keyof typeof PARAMETER_SCHEMAS],
      })),
      ...route.queryParameters.map((name) => ({
        name,
        in: 'query',
        required: false,
        schema: PARAMETER_SCHEMAS[name as keyof typeof PARAMETER_SCHEMAS],
      })),
      {
        name: CORRELATION_HEADER,
        in: 'header',
        required: false,
        schema: { type: 'string', maxLength: 128 },
      },
    ];
    const responses: Record<string, unknown> = {
      200: {
        description: 'OK',
        headers: correlationHeader,
        content: {
          'application/json': {
            schema: { $ref: `#/components/schemas/${schemaName(route.responseSchema)}` },
          },
        },
      },
    };
    for (const status of route.errorStatuses)
      responses[status] = { $ref: `#/components/responses/Error${status}` };
    const operation: OpenApiOperation = {
      operationId: route.id,
      summary: route.summary,
      parameters,
      responses,
    };
    if (route.requestBody) {
      const body = route.requestBody(options.maxUploadBytes);
      schemas[schemaName(body)] = component(body);
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${schemaName(body)}` } } },
      };
    }
    paths[route.path] = { ...(paths[route.path] ?? {}), [route.method.toLowerCase()]: operation };
  }
  const statuses = [...new Set(ROUTES.flatMap((route) => route.errorStatuses))].sort();
  const responses = Object.fromEntries(
    statuses.map((status) => [
      `Error${status}`,
      {
        description: STATUS_TEXT[status] ?? 'Error',
        headers: correlationHeader,
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
      },
    ]),
  );
  const doc: OpenApiDocument = {
    openapi: '3.0.1',
    info: {
      title: options.title ?? 'ServApp market-data API',
      version: options.version ?? '1.0.0',
      description: `Upload CSV files of prices and volumes, follow their processing, query stored rows by symbol. Error codes: ${Object.keys(ERROR_CODES).join(', ')}.`,
    },
    paths,
    components: { schemas, responses },
  };
  if (options.servers) doc.servers = options.servers.map((url) => ({ url }));
  return doc;
}
