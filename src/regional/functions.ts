/**
 * The five Lambda functions, each with its own least-privilege role, log group (7 days, KMS),
 * dead-letter queue and asynchronous-invocation settings. A reader finds "the processor's
 * retries" here: `eventInvokeConfig`. The worker's retries are the parts queue's (`fanout.ts`).
 */
import { IAM, type IntrinsicFunction, Lambda, Logs, SQS } from 'cloudform-types';
import {
  ENV,
  type EnvName,
  FUNCTION_ENV,
  FUNCTION_NAMES,
  type FunctionName,
  INCOMING_PREFIX,
  LIMITS,
  PARTS_PREFIX,
  REPORTS_PREFIX,
} from '../contract/index.js';
import { ARTIFACT_BUCKET_PATTERN, functionIds, REGIONAL_IDS } from '../conventions/index.js';
import { LambdaFunction } from '../core/extensions.js';
import { allow, allowUnscoped, policyDocument, type Statement, s3Arn, serviceTrust } from '../core/iam.js';
import { sub } from '../core/intrinsics.js';
import { checkov } from '../core/suppressions.js';
import type { Handle } from '../core/template.js';
import { type RegionalContext, retention } from './context.js';
import type { PartsQueues } from './fanout.js';
import type { Tables } from './tables.js';

export interface FunctionResources {
  function: Handle<'AWS::Lambda::Function'>;
  role: Handle<'AWS::IAM::Role'>;
  logGroup: Handle<'AWS::Logs::LogGroup'>;
  deadLetterQueue: Handle<'AWS::SQS::Queue'>;
}

export type Functions = Record<FunctionName, FunctionResources>;

/** Parallel BatchWriteItem calls per processor invocation. */
export const PROCESSOR_WRITE_CONCURRENCY = 8;

const DESCRIPTIONS: Record<FunctionName, string> = {
  upload: 'POST /upload: records a PENDING job and returns a presigned POST for one CSV file',
  processor:
    'Ingests a small CSV file from incoming/ into the market-data table; splits a large one into parts for the worker',
  status: 'GET /status/{jobId}: the job record',
  results: 'GET /results/{symbol}: stored rows, newest first',
  worker: 'Ingests one part of a large CSV file from parts/, fed by the parts queue',
};

/** Only the processor is invoked asynchronously (by S3). */
const SYNCHRONOUS_NOTE =
  'API Gateway invokes this function synchronously: the dead-letter queue, retries and on-failure ' +
  'destination below apply only to asynchronous invocations, which this function does not normally get.';

const WORKER_NOTE =
  'The parts queue invokes this function synchronously through its event source mapping: the ' +
  'dead-letter queue, retries and on-failure destination below apply only to asynchronous ' +
  "invocations. A part's retries are the queue's receives, and a part that fails them all goes to " +
  'the PartsDeadLetterQueue.';

const NOTES: Partial<Record<FunctionName, string>> = {
  upload: SYNCHRONOUS_NOTE,
  status: SYNCHRONOUS_NOTE,
  results: SYNCHRONOUS_NOTE,
  worker: WORKER_NOTE,
};

export const UPLOAD_BUCKET_PURPOSE = 'uploads';

function environment(
  ctx: RegionalContext,
  tables: Tables,
  parts: PartsQueues,
): Record<EnvName, string | IntrinsicFunction> {
  return {
    [ENV.jobsTable]: tables.jobs.ref(),
    [ENV.marketDataTable]: tables.marketData.ref(),
    [ENV.uploadBucket]: ctx.names.bucketName(UPLOAD_BUCKET_PURPOSE),
    [ENV.maxUploadBytes]: String(ctx.settings.maxUploadBytes),
    [ENV.uploadUrlTtlSeconds]: String(LIMITS.uploadUrlTtlSeconds),
    [ENV.maxRowsPerFile]: String(LIMITS.maxRowsPerFile),
    [ENV.writeConcurrency]: String(PROCESSOR_WRITE_CONCURRENCY),
    // The queue's Ref is its URL.
    [ENV.partsQueueUrl]: parts.queue.ref(),
  };
}

/** What each function may do beyond logging, tracing and its queues. */
function permissions(
  ctx: RegionalContext,
  tables: Tables,
  key: Handle<'AWS::KMS::Key'>,
  parts: PartsQueues,
): Record<FunctionName, Statement[]> {
  const bucket = ctx.names.bucketPattern(UPLOAD_BUCKET_PURPOSE);
  const incoming = s3Arn(bucket, `${INCOMING_PREFIX}*`);
  const reports = s3Arn(bucket, `${REPORTS_PREFIX}*`);
  const partObjects = s3Arn(bucket, `${PARTS_PREFIX}*`);
  // Sending to and receiving from the parts queue uses the data key too (SQS server-side encryption).
  const keyUse = allow('UseDataKey', ['kms:Decrypt', 'kms:GenerateDataKey'], [key.getAtt('Arn')]);
  const storeRows = allow('StoreRows', ['dynamodb:BatchWriteItem'], [tables.marketData.getAtt('Arn')]);
  const updateJob = allow(
    'UpdateJob',
    ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    [tables.jobs.getAtt('Arn')],
  );
  const writeReport = allow('WriteReport', ['s3:PutObject'], [reports]);
  return {
    upload: [
      allow('RecordJob', ['dynamodb:PutItem'], [tables.jobs.getAtt('Arn')]),
      // The presigned POST is signed with this role's credentials, so S3 checks this role.
      allow('PresignUpload', ['s3:PutObject'], [incoming]),
      keyUse,
    ],
    processor: [
      allow('ReadUpload', ['s3:GetObject'], [incoming]),
      writeReport,
      allow('WriteParts', ['s3:PutObject'], [partObjects]),
      allow('SendParts', ['sqs:SendMessage'], [parts.queue.getAtt('Arn')]),
      storeRows,
      updateJob,
      keyUse,
    ],
    status: [allow('ReadJob', ['dynamodb:GetItem'], [tables.jobs.getAtt('Arn')]), keyUse],
    results: [allow('QueryRows', ['dynamodb:Query'], [tables.marketData.getAtt('Arn')]), keyUse],
    worker: [
      allow('ReadAndRemoveParts', ['s3:GetObject', 's3:DeleteObject'], [partObjects]),
      writeReport,
      allow(
        'ReceiveParts',
        ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility'],
        [parts.queue.getAtt('Arn')],
      ),
      storeRows,
      updateJob,
      keyUse,
    ],
  };
}

/** Memory, timeout and a concurrency cap, so one busy function cannot starve the others. */
function sizing(ctx: RegionalContext, fn: FunctionName) {
  const { worker } = ctx.settings;
  if (fn === 'worker') {
    // Reserved as many as the event source mapping may run, so the API cannot starve the parts.
    return {
      MemorySize: worker.memoryMb,
      Timeout: worker.timeoutSeconds,
      ReservedConcurrentExecutions: worker.maxConcurrency,
    };
  }
  const size = fn === 'processor' ? ctx.settings.processor : ctx.settings.apiFunctions;
  return {
    MemorySize: size.memoryMb,
    Timeout: size.timeoutSeconds,
    ReservedConcurrentExecutions: size.reservedConcurrency,
  };
}

const NO_VPC = checkov(
  'CKV_AWS_117',
  'The functions reach only DynamoDB and S3, over TLS with IAM auth; there is no private network resource to reach, and a VPC would add NAT or endpoint cost without reducing exposure',
);

export function functions(
  ctx: RegionalContext,
  tables: Tables,
  key: Handle<'AWS::KMS::Key'>,
  parts: PartsQueues,
): Functions {
  const { t, names, settings, params } = ctx;
  const env = environment(ctx, tables, parts);
  const extra = permissions(ctx, tables, key, parts);

  const failedInvocations = t.resource(
    REGIONAL_IDS.failedInvocationsQueue,
    new SQS.Queue({
      QueueName: names.name('failed-invocations'),
      KmsMasterKeyId: key.getAtt('Arn'),
      KmsDataKeyReusePeriodSeconds: 300,
      MessageRetentionPeriod: 1_209_600,
    }),
    {
      ...retention(ctx),
      metadata: {
        Purpose:
          "On-failure destination of every function's asynchronous invocations: one record per failed event, with the error",
      },
    },
  );

  const out = {} as Functions;
  for (const fn of FUNCTION_NAMES) {
    const ids = functionIds(fn);
    const functionName = names.namePattern(fn);
    const logGroup = t.resource(
      ids.logGroup,
      new Logs.LogGroup({
        LogGroupName: sub(`/aws/lambda/${functionName}`, names.subVariables()),
        RetentionInDays: settings.logRetentionDays,
        KmsKeyId: key.getAtt('Arn'),
      }),
      retention(ctx),
    );
    const deadLetterQueue = t.resource(
      ids.deadLetterQueue,
      new SQS.Queue({
        QueueName: names.name(`${fn}-dlq`),
        KmsMasterKeyId: key.getAtt('Arn'),
        KmsDataKeyReusePeriodSeconds: 300,
        MessageRetentionPeriod: 1_209_600,
      }),
      retention(ctx),
    );
    const statements = [
      allow('WriteLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], [logGroup.getAtt('Arn')]),
      allowUnscoped(
        'WriteTraces',
        ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
        'X-Ray trace segments have no resource ARN to scope to',
      ),
      allow(
        'SendFailedEvents',
        ['sqs:SendMessage'],
        [deadLetterQueue.getAtt('Arn'), failedInvocations.getAtt('Arn')],
      ),
      ...extra[fn],
    ];
    const role = t.resource(
      ids.role,
      new IAM.Role({
        RoleName: names.name(`${fn}-role`),
        Description: `Execution role of the ${fn} function`,
        AssumeRolePolicyDocument: serviceTrust('lambda.amazonaws.com'),
        Policies: [{ PolicyName: `${fn}-least-privilege`, PolicyDocument: policyDocument(statements) }],
      }),
    );
    const variables = Object.fromEntries(FUNCTION_ENV[fn].map((name) => [name, env[name]]));
    const lambda = new LambdaFunction({
      FunctionName: names.name(fn),
      Description: DESCRIPTIONS[fn],
      Runtime: settings.runtime,
      Architectures: [settings.architecture],
      Handler: 'index.handler',
      Code: {
        S3Bucket: sub(ARTIFACT_BUCKET_PATTERN),
        S3Key: params.codeKeys[fn].ref(),
      },
      Role: role.getAtt('Arn'),
      ...sizing(ctx, fn),
      // Environment variables are encrypted at rest with the stack's key, not the AWS-managed one.
      KmsKeyArn: key.getAtt('Arn'),
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: {
        LogFormat: 'JSON',
        ApplicationLogLevel: 'INFO',
        SystemLogLevel: 'WARN',
        LogGroup: logGroup.ref(),
      },
      DeadLetterConfig: { TargetArn: deadLetterQueue.getAtt('Arn') },
      Environment: { Variables: variables },
    });
    const note = NOTES[fn];
    const handle = t.resource(ids.function, lambda, {
      suppressions: [NO_VPC],
      ...(note ? { metadata: { Note: note } } : {}),
    });
    t.resource(
      ids.eventInvokeConfig,
      new Lambda.EventInvokeConfig({
        FunctionName: handle.ref(),
        Qualifier: '$LATEST',
        MaximumRetryAttempts: settings.asyncRetries,
        MaximumEventAgeInSeconds: 3600,
        DestinationConfig: { OnFailure: { Destination: failedInvocations.getAtt('Arn') } },
      }),
    );
    out[fn] = { function: handle, role, logGroup, deadLetterQueue };
  }
  return out;
}
