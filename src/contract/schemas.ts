/**
 * JSON schemas (draft-04, the dialect API Gateway models use) for request and response bodies.
 * The gateway validates requests with them; the OpenAPI document and the fuzzer read them too.
 */
import { ERROR_CODES } from './errors.js';
import { JOB_ID_PATTERN, LIMITS, SYMBOL_PATTERN } from './limits.js';
import { JOB_STATUSES } from './storage.js';

export type JsonSchema = Record<string, unknown>;

const DRAFT_04 = 'http://json-schema.org/draft-04/schema#';

/** File names: no path separators, no control characters, no leading dot. */
export const FILE_NAME_PATTERN = '^[^./\\\\\\u0000-\\u001f\\u007f][^/\\\\\\u0000-\\u001f\\u007f]*$';

export function uploadRequestSchema(maxUploadBytes: number = LIMITS.maxUploadBytes): JsonSchema {
  return {
    $schema: DRAFT_04,
    title: 'UploadRequest',
    type: 'object',
    additionalProperties: false,
    required: ['fileName', 'fileType'],
    properties: {
      fileName: {
        type: 'string',
        minLength: 1,
        maxLength: LIMITS.fileNameMaxLength,
        pattern: FILE_NAME_PATTERN,
      },
      fileType: { type: 'string', enum: ['csv'] },
      contentLength: { type: 'integer', minimum: 1, maximum: maxUploadBytes },
    },
  };
}

export const UPLOAD_RESPONSE_SCHEMA: JsonSchema = {
  $schema: DRAFT_04,
  title: 'UploadResponse',
  type: 'object',
  required: ['jobId', 'upload', 'expiresAt'],
  properties: {
    jobId: { type: 'string', pattern: JOB_ID_PATTERN.source },
    upload: {
      type: 'object',
      required: ['url', 'fields'],
      properties: {
        url: { type: 'string' },
        fields: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    expiresAt: { type: 'string' },
  },
};

export const STATUS_RESPONSE_SCHEMA: JsonSchema = {
  $schema: DRAFT_04,
  title: 'StatusResponse',
  type: 'object',
  required: [
    'jobId',
    'status',
    'fileName',
    'rowsTotal',
    'rowsStored',
    'rowsRejected',
    'rowsDuplicate',
    'errors',
    'partsTotal',
    'partsDone',
    'partsFailed',
    'rowsSoFar',
    'createdAt',
    'updatedAt',
  ],
  properties: {
    jobId: { type: 'string' },
    status: { type: 'string', enum: [...JOB_STATUSES] },
    fileName: { type: 'string' },
    rowsTotal: { type: 'integer', minimum: 0 },
    rowsStored: { type: 'integer', minimum: 0 },
    rowsRejected: { type: 'integer', minimum: 0 },
    rowsDuplicate: { type: 'integer', minimum: 0 },
    errors: {
      type: 'array',
      maxItems: LIMITS.maxErrorsOnJob,
      items: {
        type: 'object',
        required: ['line', 'reason'],
        properties: { line: { type: 'integer' }, reason: { type: 'string' } },
      },
    },
    partsTotal: { type: 'integer', minimum: 0 },
    partsDone: { type: 'integer', minimum: 0 },
    partsFailed: { type: 'integer', minimum: 0 },
    rowsSoFar: { type: 'integer', minimum: 0 },
    failureReason: { type: 'string' },
    progress: { type: 'number', minimum: 0, maximum: 1 },
    secondsLeft: { type: 'integer', minimum: 0 },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
};

export const RESULTS_RESPONSE_SCHEMA: JsonSchema = {
  $schema: DRAFT_04,
  title: 'ResultsResponse',
  type: 'object',
  required: ['symbol', 'items'],
  properties: {
    symbol: { type: 'string' },
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['symbol', 'timestamp', 'price', 'volume'],
        properties: {
          symbol: { type: 'string' },
          timestamp: { type: 'string' },
          price: { type: 'string' },
          volume: { type: 'integer', minimum: 0 },
        },
      },
    },
    nextToken: { type: 'string' },
  },
};

export const ERROR_RESPONSE_SCHEMA: JsonSchema = {
  $schema: DRAFT_04,
  title: 'ErrorResponse',
  type: 'object',
  required: ['error', 'correlationId'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string', enum: Object.keys(ERROR_CODES) }, message: { type: 'string' } },
    },
    correlationId: { type: 'string' },
  },
};

/** Path and query parameters, as OpenAPI parameter schemas. */
export const PARAMETER_SCHEMAS = {
  jobId: { type: 'string', pattern: JOB_ID_PATTERN.source },
  symbol: { type: 'string', pattern: '^[A-Za-z0-9.-]{1,16}$' },
  from: { type: 'string', format: 'date-time' },
  to: { type: 'string', format: 'date-time' },
  limit: {
    type: 'integer',
    minimum: 1,
    maximum: LIMITS.resultsMaxLimit,
    default: LIMITS.resultsDefaultLimit,
  },
  nextToken: { type: 'string', maxLength: 2048 },
} as const;

/** Symbols are accepted in any case at the API and stored upper-cased. */
export const SYMBOL_STORED_PATTERN = SYMBOL_PATTERN;
