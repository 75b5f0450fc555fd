/**
 * The POST /upload body, checked against the contract's schema rules. The gateway validates it
 * already; checking again keeps the function safe when invoked another way (local runtime, tests).
 */
import { FILE_NAME_PATTERN, LIMITS, type UploadRequest } from '../../src/contract';
import { HttpError } from '../shared/http';

const FILE_NAME = new RegExp(FILE_NAME_PATTERN);
const ALLOWED_KEYS = new Set(['fileName', 'fileType', 'contentLength']);

export function parseUploadRequest(body: unknown, maxUploadBytes: number): UploadRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new HttpError('VALIDATION_FAILED', 'the body must be a JSON object');
  const fields = body as Record<string, unknown>;
  const unknown = Object.keys(fields).filter((key) => !ALLOWED_KEYS.has(key));
  if (unknown.length > 0) throw new HttpError('VALIDATION_FAILED', `unknown field(s): ${unknown.join(', ')}`);
  const { fileName, fileType, contentLength } = fields;
  if (
    typeof fileName !== 'string' ||
    fileName.length === 0 ||
    fileName.length > LIMITS.fileNameMaxLength ||
    !FILE_NAME.test(fileName)
  ) {
    throw new HttpError(
      'VALIDATION_FAILED',
      `fileName must be 1-${LIMITS.fileNameMaxLength} characters, without "/", "\\", control characters or a leading "."`,
    );
  }
  if (fileType !== 'csv') throw new HttpError('VALIDATION_FAILED', 'fileType must be "csv"');
  if (contentLength === undefined) return { fileName, fileType };
  if (typeof contentLength !== 'number' || !Number.isSafeInteger(contentLength) || contentLength < 1)
    throw new HttpError('VALIDATION_FAILED', 'contentLength must be a positive whole number of bytes');
  if (contentLength > maxUploadBytes)
    throw new HttpError('PAYLOAD_TOO_LARGE', `the file may be at most ${maxUploadBytes} bytes`);
  return { fileName, fileType, contentLength };
}

/**
 * The object key's file name: letters, digits, space and `._()-` kept, anything else `_`. The
 * original name stays on the job record; the key only needs to be safe in URLs, shells and consoles.
 */
export function safeFileName(fileName: string): string {
  return fileName.replace(/[^\p{L}\p{N} ._()-]/gu, '_').slice(0, 200);
}
