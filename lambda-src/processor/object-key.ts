/**
 * Which upload an S3 event record is about. Keys arrive URL-encoded with spaces as `+`; only
 * `incoming/<jobId>/<name>` keys are ours, anything else is logged and skipped, never retried.
 */
import { INCOMING_PREFIX, JOB_ID_PATTERN } from '../../src/contract';
import type { S3EventRecord } from '../shared/events';

export interface UploadedObject {
  bucket: string;
  key: string;
  jobId: string;
}

const OUR_EVENT_SOURCES = new Set(['aws:s3', 'minio:s3']);

/** The upload a record points at, or the reason it is not one. */
export function uploadedObjectOf(record: S3EventRecord): UploadedObject | string {
  if (!OUR_EVENT_SOURCES.has(record.eventSource)) return `not an S3 record (${record.eventSource})`;
  if (!record.eventName.startsWith('ObjectCreated:')) return `not an object creation (${record.eventName})`;
  let key: string;
  try {
    key = decodeURIComponent(record.s3.object.key.replace(/\+/g, '%20'));
  } catch {
    return 'the object key is not valid URL encoding';
  }
  if (!key.startsWith(INCOMING_PREFIX)) return `the key is outside ${INCOMING_PREFIX}`;
  const jobId = key.slice(INCOMING_PREFIX.length).split('/', 1)[0] ?? '';
  if (!JOB_ID_PATTERN.test(jobId)) return 'the key does not start with a job id';
  return { bucket: record.s3.bucket.name, key, jobId };
}
