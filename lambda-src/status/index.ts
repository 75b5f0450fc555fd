/** GET /status/{jobId}: the job's state and counts, read consistently from the jobs table. */
import { ENV, JOB_ID_PATTERN, type StatusResponse } from '../../src/contract';
import { createDocumentClient, type DocumentClient } from '../shared/clients';
import { requiredEnv } from '../shared/config';
import { apiHandler, HttpError } from '../shared/http';
import { JobsRepository } from '../shared/jobs-repository';
import { pathParameter } from '../shared/request';
import { progressOf } from './progress';

export interface StatusDependencies {
  documentClient: DocumentClient;
  jobsTable: string;
}

export function statusDependenciesFromEnv(): StatusDependencies {
  return { documentClient: createDocumentClient(), jobsTable: requiredEnv(ENV.jobsTable) };
}

export function createHandler(deps: StatusDependencies = statusDependenciesFromEnv()) {
  const jobs = new JobsRepository(deps.documentClient, deps.jobsTable);
  return apiHandler('getStatus', async ({ event }): Promise<StatusResponse> => {
    const jobId = pathParameter(event, 'jobId');
    if (!JOB_ID_PATTERN.test(jobId))
      throw new HttpError('VALIDATION_FAILED', 'jobId must be a lower-case UUID');
    const job = await jobs.get(jobId);
    if (!job) throw new HttpError('NOT_FOUND', `no job ${jobId}`);
    const response: StatusResponse = {
      jobId: job.jobId,
      status: job.status,
      fileName: job.fileName,
      rowsTotal: job.rowsTotal,
      rowsStored: job.rowsStored,
      rowsRejected: job.rowsRejected,
      rowsDuplicate: job.rowsDuplicate,
      errors: job.errors,
      partsTotal: job.partsTotal,
      partsDone: job.partsDone,
      partsFailed: job.partsFailed,
      rowsSoFar: job.rowsSoFar,
      createdAt: job.createdAt,
      updatedAt: job.updatedAt,
    };
    if (job.failureReason !== undefined) response.failureReason = job.failureReason;
    const { progress, secondsLeft } = progressOf(job, new Date());
    response.progress = progress;
    if (secondsLeft !== undefined) response.secondsLeft = secondsLeft;
    return response;
  });
}

export const handler = createHandler();
