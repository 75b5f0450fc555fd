/**
 * POST /upload: records a PENDING job, then returns a presigned POST for `incoming/<jobId>/<name>`.
 * A POST (not a PUT) because only a POST policy can bound the size (content-length-range) and pin
 * the content type; the bucket's notification on `incoming/` then starts the processor.
 */
import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { ENV, incomingKey, LIMITS, type UploadResponse } from '../../src/contract';
import { createDocumentClient, createS3Client, type DocumentClient } from '../shared/clients';
import { integerEnv, requiredEnv } from '../shared/config';
import { apiHandler } from '../shared/http';
import { JobsRepository } from '../shared/jobs-repository';
import { jsonBody } from '../shared/request';
import { parseUploadRequest, safeFileName } from './upload-request';

export const CSV_CONTENT_TYPE = 'text/csv';

export interface UploadDependencies {
  documentClient: DocumentClient;
  s3: S3Client;
  jobsTable: string;
  bucket: string;
  maxUploadBytes: number;
  urlTtlSeconds: number;
}

export function uploadDependenciesFromEnv(): UploadDependencies {
  return {
    documentClient: createDocumentClient(),
    s3: createS3Client(),
    jobsTable: requiredEnv(ENV.jobsTable),
    bucket: requiredEnv(ENV.uploadBucket),
    maxUploadBytes: integerEnv(ENV.maxUploadBytes, LIMITS.maxUploadBytes),
    urlTtlSeconds: integerEnv(ENV.uploadUrlTtlSeconds, LIMITS.uploadUrlTtlSeconds),
  };
}

export function createHandler(deps: UploadDependencies = uploadDependenciesFromEnv()) {
  const jobs = new JobsRepository(deps.documentClient, deps.jobsTable);
  return apiHandler('createUpload', async ({ event, correlationId, log }): Promise<UploadResponse> => {
    const request = parseUploadRequest(jsonBody(event), deps.maxUploadBytes);
    const jobId = randomUUID();
    const objectKey = incomingKey(jobId, safeFileName(request.fileName));
    await jobs.createPending({ jobId, fileName: request.fileName, objectKey, correlationId });
    const expiresAt = new Date(Date.now() + deps.urlTtlSeconds * 1000).toISOString();
    const upload = await createPresignedPost(deps.s3, {
      Bucket: deps.bucket,
      Key: objectKey,
      Conditions: [
        ['content-length-range', 1, deps.maxUploadBytes],
        ['eq', '$Content-Type', CSV_CONTENT_TYPE],
      ],
      Fields: { 'Content-Type': CSV_CONTENT_TYPE },
      Expires: deps.urlTtlSeconds,
    });
    log.info('job created', { jobId, objectKey });
    return { jobId, upload: { url: upload.url, fields: upload.fields }, expiresAt };
  });
}

export const handler = createHandler();
