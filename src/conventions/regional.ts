/**
 * The regional stack's logical ids and outputs, as the rollout, the local stack and the tests read
 * them. The stack code declares its resources under these ids, so a renamed id is one edit here,
 * and a reader of a script can never name an id the stack does not have.
 */
import type { FunctionName } from '../contract/index.js';

/** `upload` → `Upload`: the stem of every id that belongs to one function. */
export function functionStem(fn: FunctionName): string {
  return `${fn.charAt(0).toUpperCase()}${fn.slice(1)}`;
}

/** The ids of the resources that belong to one function, and of its outputs and parameters. */
export function functionIds(fn: FunctionName) {
  const stem = functionStem(fn);
  return {
    function: `${stem}Function`,
    role: `${stem}Role`,
    logGroup: `${stem}LogGroup`,
    deadLetterQueue: `${stem}DeadLetterQueue`,
    eventInvokeConfig: `${stem}EventInvokeConfig`,
    errorRateAlarm: `${stem}ErrorRateAlarm`,
    /** The API's permission to invoke an API function. */
    apiInvokePermission: `${stem}ApiInvokePermission`,
    /** The S3 bucket's permission to invoke the processor. */
    s3InvokePermission: `${stem}S3InvokePermission`,
    /** Output: the function's ARN. */
    arnOutput: `${stem}FunctionArn`,
    /** Parameter: the S3 key of the function's zip, set by the rollout. */
    codeKeyParameter: `${stem}CodeKey`,
  } as const;
}

/** Every other resource of the regional stack that something outside `src/regional` names. */
export const REGIONAL_IDS = {
  dataKey: 'DataKey',
  dataKeyAlias: 'DataKeyAlias',
  marketDataTable: 'MarketDataTable',
  jobsTable: 'JobsTable',
  uploadBucket: 'UploadBucket',
  uploadBucketPolicy: 'UploadBucketPolicy',
  accessLogBucket: 'AccessLogBucket',
  partsQueue: 'PartsQueue',
  partsDeadLetterQueue: 'PartsDeadLetterQueue',
  failedInvocationsQueue: 'FailedInvocationsQueue',
  workerEventSourceMapping: 'WorkerEventSourceMapping',
  restApi: 'RestApi',
  apiStage: 'ApiStage',
  apiKey: 'ApiKey',
  apiUsagePlan: 'ApiUsagePlan',
  apiAccessLogGroup: 'ApiAccessLogGroup',
  apiGatewayAccount: 'ApiGatewayAccount',
  apiGatewayAccountReady: 'ApiGatewayAccountReady',
  accessLogBucketPolicy: 'AccessLogBucketPolicy',
  alarmTopic: 'AlarmTopic',
  alarmEmailSubscription: 'AlarmEmailSubscription',
  partsDeadLetterAlarm: 'PartsDeadLetterAlarm',
  partsQueueAgeAlarm: 'PartsQueueAgeAlarm',
  dashboard: 'Dashboard',
} as const;

/** A table's throttling alarm, and in PROVISIONED mode its autoscaling target and policy per direction. */
export function tableIds(tableId: string, kind: 'Read' | 'Write' = 'Write') {
  return {
    throttleAlarm: `${tableId}ThrottleAlarm`,
    scalableTarget: `${tableId}${kind}ScalableTarget`,
    scalingPolicy: `${tableId}${kind}ScalingPolicy`,
  } as const;
}

/** Outputs of the regional stack (each function's ARN is `functionIds(fn).arnOutput`). */
export const REGIONAL_OUTPUTS = {
  apiEndpoint: 'ApiEndpoint',
  /** Only with `apiAuth: 'API_KEY'`: the id of the key (its value: `aws apigateway get-api-key --include-value`). */
  apiKeyId: 'ApiKeyId',
  marketDataTableName: 'MarketDataTableName',
  jobsTableName: 'JobsTableName',
  uploadBucketName: 'UploadBucketName',
} as const;

/** Template parameters of the regional stack beyond the shared ones. */
export const REGIONAL_PARAMETERS = {
  alarmEmail: 'AlarmEmail',
  configureApiGatewayAccount: 'ConfigureApiGatewayAccount',
} as const;

/**
 * The template Metadata key under which a regional template records the environment it was built
 * for: the rollout refuses to deploy it as another.
 */
export const BUILT_FOR_METADATA = 'ServAppEnvironment';

export interface BuiltFor {
  /** The environment's name in the configuration (`dev`, `prod`). */
  name: string;
  suffix: string;
  regions: readonly string[];
}
