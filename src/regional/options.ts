/**
 * Build-time options of the regional stack, each defaulting to the requirement it implements.
 * Deploy-time values (environment suffix, tags, code locations) are template parameters instead:
 * see `params.ts`.
 */
import { LIMITS } from '../contract/index.js';

export type BillingMode = 'PAY_PER_REQUEST' | 'PROVISIONED';
export type ApiAuth = 'IAM' | 'API_KEY' | 'NONE';

export interface CapacityRange {
  min: number;
  max: number;
}

export interface RegionalStackOptions {
  /** Default of the EnvironmentSuffix parameter. */
  environmentSuffix?: string;
  /** Defaults of the Environment, Team and CostCenter tag parameters. */
  environment?: string;
  team?: string;
  costCenter?: string;
  /** Regions the template can be deployed in (the region-id mapping). */
  regions?: readonly string[];
  /** On-demand (default), or provisioned with read/write autoscaling. */
  billingMode?: BillingMode;
  /** Provisioned mode: capacity ranges the autoscaling keeps the tables in, and its target utilisation. */
  provisioned?: { read: CapacityRange; write: CapacityRange; targetUtilisationPercent: number };
  /** On-demand mode: throughput caps per table (request units per second). */
  onDemandMax?: { read: number; write: number };
  /** Retain the data stores on stack deletion and turn on table deletion protection. Default off. */
  deletionProtection?: boolean;
  /** How API callers authenticate. IAM (SigV4) by default. */
  apiAuth?: ApiAuth;
  /** Stage throttling, requests per second and burst. */
  throttle?: { rateLimit: number; burstLimit: number };
  processor?: { memoryMb: number; timeoutSeconds: number; reservedConcurrency: number };
  /** Timeout, memory and concurrency cap of each of the three API functions. */
  apiFunctions?: { memoryMb: number; timeoutSeconds: number; reservedConcurrency: number };
  /** Asynchronous invocation retries (0-2). */
  asyncRetries?: number;
  logRetentionDays?: number;
  /** Alarm when a function's errors exceed this share of its invocations. */
  errorRateThresholdPercent?: number;
  pointInTimeRecoveryDays?: number;
  maxUploadBytes?: number;
  stageName?: string;
  runtime?: string;
  architecture?: 'arm64' | 'x86_64';
}

export type RegionalSettings = Required<RegionalStackOptions>;

export const REGIONAL_DEFAULTS: RegionalSettings = {
  environmentSuffix: 'dev',
  environment: 'development',
  team: 'market-data',
  costCenter: 'CC-0000',
  regions: ['us-east-1', 'us-west-2'],
  billingMode: 'PAY_PER_REQUEST',
  provisioned: { read: { min: 5, max: 4000 }, write: { min: 5, max: 4000 }, targetUtilisationPercent: 70 },
  onDemandMax: { read: 12000, write: 4000 },
  deletionProtection: false,
  apiAuth: 'IAM',
  throttle: { rateLimit: 1000, burstLimit: 2000 },
  processor: { memoryMb: 3072, timeoutSeconds: 300, reservedConcurrency: 100 },
  apiFunctions: { memoryMb: 512, timeoutSeconds: 15, reservedConcurrency: 100 },
  asyncRetries: 2,
  logRetentionDays: 7,
  errorRateThresholdPercent: 1,
  pointInTimeRecoveryDays: 35,
  maxUploadBytes: LIMITS.maxUploadBytes,
  stageName: 'v1',
  runtime: 'nodejs24.x',
  architecture: 'arm64',
};

export class OptionsError extends Error {
  override name = 'OptionsError';
}

/** CloudWatch Logs accepts only these retention periods. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
];

export const ENVIRONMENT_SUFFIX_PATTERN = /^[a-z][a-z0-9]{0,9}$/;

function check(condition: boolean, message: string): void {
  if (!condition) throw new OptionsError(message);
}

function range(value: number, min: number, max: number, what: string): void {
  check(
    Number.isInteger(value) && value >= min && value <= max,
    `${what} must be an integer from ${min} to ${max}`,
  );
}

/** Fills in defaults and refuses values CloudFormation or the services would refuse later. */
export function resolveOptions(options: RegionalStackOptions = {}): RegionalSettings {
  const s: RegionalSettings = { ...REGIONAL_DEFAULTS, ...options };
  check(
    ENVIRONMENT_SUFFIX_PATTERN.test(s.environmentSuffix),
    'environmentSuffix must be 1-10 lower-case letters or digits, starting with a letter',
  );
  check(s.regions.length > 0, 'regions must name at least one region');
  range(s.processor.memoryMb, 128, 10240, 'processor.memoryMb');
  range(s.processor.timeoutSeconds, 1, 900, 'processor.timeoutSeconds');
  range(s.processor.reservedConcurrency, 1, 1000, 'processor.reservedConcurrency');
  range(s.apiFunctions.memoryMb, 128, 10240, 'apiFunctions.memoryMb');
  // API Gateway's integration timeout is 29 s by default.
  range(s.apiFunctions.timeoutSeconds, 1, 29, 'apiFunctions.timeoutSeconds');
  range(s.apiFunctions.reservedConcurrency, 1, 1000, 'apiFunctions.reservedConcurrency');
  range(s.asyncRetries, 0, 2, 'asyncRetries');
  check(
    LOG_RETENTION_DAYS.includes(s.logRetentionDays),
    `logRetentionDays must be one of ${LOG_RETENTION_DAYS}`,
  );
  range(s.pointInTimeRecoveryDays, 1, 35, 'pointInTimeRecoveryDays');
  check(
    s.errorRateThresholdPercent > 0 && s.errorRateThresholdPercent < 100,
    'errorRateThresholdPercent: 0-100',
  );
  range(s.throttle.rateLimit, 1, 10000, 'throttle.rateLimit');
  range(s.throttle.burstLimit, 1, 5000, 'throttle.burstLimit');
  range(s.maxUploadBytes, 1, 5 * 1024 * 1024 * 1024, 'maxUploadBytes');
  check(/^[A-Za-z0-9_]{1,128}$/.test(s.stageName), 'stageName must be letters, digits or underscores');
  for (const [what, r] of Object.entries({ read: s.provisioned.read, write: s.provisioned.write })) {
    range(r.min, 1, 40000, `provisioned.${what}.min`);
    range(r.max, r.min, 40000, `provisioned.${what}.max`);
  }
  range(s.provisioned.targetUtilisationPercent, 20, 90, 'provisioned.targetUtilisationPercent');
  range(s.onDemandMax.read, 1, 40000, 'onDemandMax.read');
  range(s.onDemandMax.write, 1, 40000, 'onDemandMax.write');
  return s;
}
