/**
 * Job records in the jobs table. Every state change is a conditional write, so an S3 event delivered
 * twice, or two deliveries racing, can neither move a finished job back nor overwrite its counts.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  JOBS_KEY,
  JOBS_TTL_ATTRIBUTE,
  type JobStatus,
  LIMITS,
  type StatusResponse,
} from '../../src/contract';
import type { DocumentClient } from './clients';

export interface JobRecord extends StatusResponse {
  objectKey: string;
  /** The upload request's correlation id, carried into the processor's logs. */
  correlationId: string;
  attempts: number;
  reportKey?: string;
  /** How far the planner has read a large file (0 until it records progress). */
  bytesRead: number;
  bytesTotal: number;
  /** Rows written by parts still in progress (added as each hands on; an estimate, for progress). */
  rowsHandedOn: number;
  /** When the first attempt started, and when the parts were sent (ISO; empty until then). */
  startedAt: string;
  plannedAt: string;
}

export type FinalJobStatus = Extract<JobStatus, 'COMPLETED' | 'COMPLETED_WITH_ERRORS' | 'FAILED'>;

/** How a job ended: the counts the status API reports, and where the rejected-rows report is. */
export interface JobOutcome
  extends Pick<
    StatusResponse,
    'rowsTotal' | 'rowsStored' | 'rowsRejected' | 'rowsDuplicate' | 'errors' | 'failureReason'
  > {
  status: FinalJobStatus;
  reportKey?: string;
}

/** What the processor knows of a fanned-out file once it has split it into parts. */
export interface FanOutPlan
  extends Pick<StatusResponse, 'rowsTotal' | 'rowsRejected' | 'rowsDuplicate' | 'errors'> {
  partsTotal: number;
  reportKey?: string;
}

const DAY_SECONDS = 86_400;

/** A part's id in the job's sets of settled parts. */
function partId(part: number): string {
  return String(part);
}

/** Numbers come back wrapped (exact digits); counts are small integers. */
function count(value: unknown): number {
  if (typeof value === 'number') return value;
  if (value !== null && typeof value === 'object' && 'value' in value) return Number(value.value);
  return 0;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function toJob(item: Record<string, unknown>): JobRecord {
  const errors = Array.isArray(item.errors)
    ? item.errors.map((entry: Record<string, unknown>) => ({
        line: count(entry.line),
        reason: text(entry.reason),
      }))
    : [];
  const job: JobRecord = {
    jobId: text(item[JOBS_KEY.partition]),
    status: text(item.status) as JobStatus,
    fileName: text(item.fileName),
    objectKey: text(item.objectKey),
    correlationId: text(item.correlationId),
    attempts: count(item.attempts),
    rowsTotal: count(item.rowsTotal),
    rowsStored: count(item.rowsStored),
    rowsRejected: count(item.rowsRejected),
    rowsDuplicate: count(item.rowsDuplicate),
    errors,
    partsTotal: count(item.partsTotal),
    partsDone: count(item.partsDone),
    partsFailed: count(item.partsFailed),
    rowsSoFar: count(item.rowsSoFar),
    bytesRead: count(item.bytesRead),
    bytesTotal: count(item.bytesTotal),
    rowsHandedOn: count(item.rowsHandedOn),
    startedAt: text(item.startedAt),
    plannedAt: text(item.plannedAt),
    createdAt: text(item.createdAt),
    updatedAt: text(item.updatedAt),
  };
  if (typeof item.failureReason === 'string') job.failureReason = item.failureReason;
  if (typeof item.reportKey === 'string') job.reportKey = item.reportKey;
  return job;
}

function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error instanceof Error && error.name === 'ConditionalCheckFailedException')
  );
}

export class JobsRepository {
  constructor(
    private readonly client: DocumentClient,
    private readonly table: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private expiry(at: Date): number {
    return Math.floor(at.getTime() / 1000) + LIMITS.jobRetentionDays * DAY_SECONDS;
  }

  async createPending(job: {
    jobId: string;
    fileName: string;
    objectKey: string;
    correlationId: string;
  }): Promise<void> {
    const at = this.now();
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          [JOBS_KEY.partition]: job.jobId,
          status: 'PENDING',
          fileName: job.fileName,
          objectKey: job.objectKey,
          correlationId: job.correlationId,
          attempts: 0,
          rowsTotal: 0,
          rowsStored: 0,
          rowsRejected: 0,
          rowsDuplicate: 0,
          errors: [],
          partsTotal: 0,
          partsDone: 0,
          partsFailed: 0,
          rowsSoFar: 0,
          createdAt: at.toISOString(),
          updatedAt: at.toISOString(),
          [JOBS_TTL_ATTRIBUTE]: this.expiry(at),
        },
        ConditionExpression: 'attribute_not_exists(#id)',
        ExpressionAttributeNames: { '#id': JOBS_KEY.partition },
      }),
    );
  }

  async get(jobId: string): Promise<JobRecord | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.table, Key: { [JOBS_KEY.partition]: jobId }, ConsistentRead: true }),
    );
    return result.Item ? toJob(result.Item) : undefined;
  }

  /**
   * PENDING or PROCESSING (a retry after a crash) → PROCESSING, counting the attempt. Returns the
   * attempt number, or `undefined` when the job is gone or already final.
   */
  async startProcessing(jobId: string): Promise<number | undefined> {
    const at = this.now().toISOString();
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { [JOBS_KEY.partition]: jobId },
          UpdateExpression:
            'SET #status = :processing, updatedAt = :at, startedAt = if_not_exists(startedAt, :at), attempts = if_not_exists(attempts, :zero) + :one',
          ConditionExpression: 'attribute_exists(#id) AND #status IN (:pending, :processing)',
          ExpressionAttributeNames: { '#id': JOBS_KEY.partition, '#status': 'status' },
          ExpressionAttributeValues: {
            ':processing': 'PROCESSING',
            ':pending': 'PENDING',
            ':at': at,
            ':zero': 0,
            ':one': 1,
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return count(result.Attributes?.attempts);
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** PROCESSING → a final state. Returns false when another delivery got there first. */
  async finish(jobId: string, outcome: JobOutcome): Promise<boolean> {
    const at = this.now();
    const values: Record<string, unknown> = {
      ':status': outcome.status,
      ':processing': 'PROCESSING',
      ':at': at.toISOString(),
      ':expiry': this.expiry(at),
      ':total': outcome.rowsTotal,
      ':stored': outcome.rowsStored,
      ':rejected': outcome.rowsRejected,
      ':duplicate': outcome.rowsDuplicate,
      ':errors': outcome.errors.slice(0, LIMITS.maxErrorsOnJob),
    };
    let update =
      'SET #status = :status, updatedAt = :at, #ttl = :expiry, rowsTotal = :total, rowsStored = :stored, rowsSoFar = :stored, rowsRejected = :rejected, rowsDuplicate = :duplicate, #errors = :errors';
    if (outcome.failureReason !== undefined) {
      update += ', failureReason = :reason';
      values[':reason'] = outcome.failureReason;
    }
    if (outcome.reportKey !== undefined) {
      update += ', reportKey = :report';
      values[':report'] = outcome.reportKey;
    }
    return this.#updateIf({
      TableName: this.table,
      Key: { [JOBS_KEY.partition]: jobId },
      UpdateExpression: update,
      ConditionExpression: '#status = :processing',
      ExpressionAttributeNames: { '#status': 'status', '#ttl': JOBS_TTL_ATTRIBUTE, '#errors': 'errors' },
      ExpressionAttributeValues: values,
    });
  }

  /** An update that applies only when its condition holds: false when it does not, nothing written. */
  async #updateIf(input: ConstructorParameters<typeof UpdateCommand>[0]): Promise<boolean> {
    try {
      await this.client.send(new UpdateCommand(input));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /**
   * Records the plan of a fanned-out file on a PROCESSING job: the whole-file counts the processor
   * knows after its scan (rows, rejected, duplicates, the first errors) and the number of parts. A
   * retried processor plans the same file into the same parts, so a second plan must agree with the
   * first; the per-part progress is never reset.
   */
  async recordPlan(jobId: string, plan: FanOutPlan): Promise<boolean> {
    const values: Record<string, unknown> = {
      ':processing': 'PROCESSING',
      ':at': this.now().toISOString(),
      ':parts': plan.partsTotal,
      ':total': plan.rowsTotal,
      ':rejected': plan.rowsRejected,
      ':duplicate': plan.rowsDuplicate,
      ':errors': plan.errors.slice(0, LIMITS.maxErrorsOnJob),
      ':zero': 0,
    };
    let update =
      'SET updatedAt = :at, plannedAt = if_not_exists(plannedAt, :at), partsTotal = :parts, rowsTotal = :total, rowsRejected = :rejected, rowsDuplicate = :duplicate, #errors = :errors, partsDone = if_not_exists(partsDone, :zero), partsFailed = if_not_exists(partsFailed, :zero), rowsSoFar = if_not_exists(rowsSoFar, :zero)';
    if (plan.reportKey !== undefined) {
      update += ', reportKey = :report';
      values[':report'] = plan.reportKey;
    }
    return this.#updateIf({
      TableName: this.table,
      Key: { [JOBS_KEY.partition]: jobId },
      UpdateExpression: update,
      ConditionExpression:
        '#status = :processing AND (attribute_not_exists(partsTotal) OR partsTotal = :zero OR partsTotal = :parts)',
      ExpressionAttributeNames: { '#status': 'status', '#errors': 'errors' },
      ExpressionAttributeValues: values,
    });
  }

  /**
   * How far the planner has read a large file: the counts so far and the bytes read, on a PROCESSING
   * job. For progress in the status, and so that a job whose processor dies (out of memory, out of
   * time) still ends with the counts it had reached.
   */
  async recordProgress(
    jobId: string,
    progress: {
      rowsTotal: number;
      rowsRejected: number;
      rowsDuplicate: number;
      bytesRead: number;
      bytesTotal: number;
    },
  ): Promise<boolean> {
    return this.#updateIf({
      TableName: this.table,
      Key: { [JOBS_KEY.partition]: jobId },
      UpdateExpression:
        'SET updatedAt = :at, rowsTotal = :total, rowsRejected = :rejected, rowsDuplicate = :duplicate, bytesRead = :read, bytesTotal = :bytes',
      ConditionExpression: '#status = :processing',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':processing': 'PROCESSING',
        ':at': this.now().toISOString(),
        ':total': progress.rowsTotal,
        ':rejected': progress.rowsRejected,
        ':duplicate': progress.rowsDuplicate,
        ':read': progress.bytesRead,
        ':bytes': progress.bytesTotal,
      },
    });
  }

  /**
   * Marks a part done and adds its stored rows to the job, in one conditional write: the part's id
   * joins the job's set of done parts only if it is in neither set yet, so a redelivered or retried
   * part is counted once. Returns the job after the update, or `undefined` when the part was already
   * counted (or the job is no longer PROCESSING).
   */
  async completePart(
    jobId: string,
    part: number,
    rowsStored: number,
    /** Rows of the part already counted in `rowsHandedOn` by its continuations. */
    handedOn = 0,
  ): Promise<JobRecord | undefined> {
    return this.settlePart(jobId, part, 'doneParts', 'partsDone', rowsStored, handedOn);
  }

  /** A part handed on after writing `rows` more of its rows: for progress only, not for counts. */
  async recordHandOn(jobId: string, rows: number): Promise<boolean> {
    return this.#updateIf({
      TableName: this.table,
      Key: { [JOBS_KEY.partition]: jobId },
      UpdateExpression: 'ADD rowsHandedOn :rows SET updatedAt = :at',
      ConditionExpression: '#status = :processing',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':processing': 'PROCESSING',
        ':rows': rows,
        ':at': this.now().toISOString(),
      },
    });
  }

  /** Marks a part failed (its retries exhausted), once; returns the job after the update. */
  async failPart(jobId: string, part: number): Promise<JobRecord | undefined> {
    return this.settlePart(jobId, part, 'failedParts', 'partsFailed', 0);
  }

  private async settlePart(
    jobId: string,
    part: number,
    set: 'doneParts' | 'failedParts',
    counter: 'partsDone' | 'partsFailed',
    rows: number,
    handedOn = 0,
  ): Promise<JobRecord | undefined> {
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { [JOBS_KEY.partition]: jobId },
          UpdateExpression:
            'ADD #set :part, #counter :one, rowsSoFar :rows, rowsHandedOn :handed SET updatedAt = :at',
          ConditionExpression:
            '#status = :processing AND (attribute_not_exists(doneParts) OR NOT contains(doneParts, :id)) AND (attribute_not_exists(failedParts) OR NOT contains(failedParts, :id))',
          ExpressionAttributeNames: { '#status': 'status', '#set': set, '#counter': counter },
          ExpressionAttributeValues: {
            ':processing': 'PROCESSING',
            ':part': new Set([partId(part)]),
            ':id': partId(part),
            ':one': 1,
            ':rows': rows,
            ':handed': -handedOn,
            ':at': this.now().toISOString(),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return result.Attributes ? toJob(result.Attributes) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /** Whether a part is already counted (done or failed) on the job. */
  async partSettled(jobId: string, part: number): Promise<boolean> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.table,
        Key: { [JOBS_KEY.partition]: jobId },
        ConsistentRead: true,
        ProjectionExpression: 'doneParts, failedParts',
      }),
    );
    const id = partId(part);
    const has = (value: unknown): boolean => value instanceof Set && value.has(id);
    return has(result.Item?.doneParts) || has(result.Item?.failedParts);
  }

  /** The failed parts' indexes, for the job's failure reason. */
  async failedParts(jobId: string): Promise<number[]> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.table,
        Key: { [JOBS_KEY.partition]: jobId },
        ConsistentRead: true,
        ProjectionExpression: 'failedParts',
      }),
    );
    const value: unknown = result.Item?.failedParts;
    return value instanceof Set ? [...value].map(Number).sort((a, b) => a - b) : [];
  }
}
