/**
 * Build-time options of the regional stack, each defaulting to the requirement it implements.
 * Deploy-time values (environment suffix, tags, code locations) are template parameters instead:
 * see `params.ts`.
 */

import { LIMITS } from '../contract/index.js';
import {
  ENVIRONMENT_SUFFIX_PATTERN,
  ENVIRONMENT_SUFFIX_RULE,
  TAG_VALUE_PATTERN,
  TAG_VALUE_RULE,
} from '../conventions/index.js';
import { OptionsError } from '../core/options-error.js';

export const BILLING_MODES = ['PAY_PER_REQUEST', 'PROVISIONED'] as const;
export type BillingMode = (typeof BILLING_MODES)[number];
export const API_AUTH_MODES = ['IAM', 'API_KEY', 'NONE'] as const;
export type ApiAuth = (typeof API_AUTH_MODES)[number];
export const ARCHITECTURES = ['arm64', 'x86_64'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];
/** The GA Node.js runtimes the functions and their bundles are built for. */
export const RUNTIMES = ['nodejs22.x', 'nodejs24.x'] as const;
export type Runtime = (typeof RUNTIMES)[number];

export interface CapacityRange {
  min: number;
  max: number;
}

/** Every build-time setting of the regional stack, resolved: what the stack code reads. */
export interface RegionalSettings {
  /** Default of the EnvironmentSuffix parameter. */
  environmentSuffix: string;
  /** Defaults of the Environment, Team and CostCenter tag parameters. */
  environment: string;
  team: string;
  costCenter: string;
  /** Regions the template can be deployed in (the region-id mapping). */
  regions: readonly string[];
  /** On-demand (default), or provisioned with read/write autoscaling. */
  billingMode: BillingMode;
  /** Provisioned mode: capacity ranges the autoscaling keeps the tables in, and its target utilisation. */
  provisioned: { read: CapacityRange; write: CapacityRange; targetUtilisationPercent: number };
  /**
   * On-demand mode: the defaults of the tables' throughput-cap parameters (request units per
   * second); the deployer may change them per stack (`MarketDataMaxWriteRequestUnits`, …).
   */
  onDemandMax: { read: number; write: number };
  /** Retain the data stores on stack deletion and turn on table deletion protection. Default off. */
  deletionProtection: boolean;
  /** How API callers authenticate. IAM (SigV4) by default; `NONE` only when chosen explicitly. */
  apiAuth: ApiAuth;
  /** Stage throttling, requests per second and burst (the burst is at least the rate). */
  throttle: { rateLimit: number; burstLimit: number };
  processor: { memoryMb: number; timeoutSeconds: number; reservedConcurrency: number };
  /**
   * The part worker: memory, timeout (the parts queue's visibility timeout follows it) and the most
   * workers the event source mapping runs at once (also the worker's reserved concurrency).
   */
  worker: { memoryMb: number; timeoutSeconds: number; maxConcurrency: number };
  /** Timeout, memory and concurrency cap of each of the three API functions. */
  apiFunctions: { memoryMb: number; timeoutSeconds: number; reservedConcurrency: number };
  /** Asynchronous invocation retries (0-2). */
  asyncRetries: number;
  logRetentionDays: number;
  /** Alarm when a function's errors exceed this share of its invocations. */
  errorRateThresholdPercent: number;
  pointInTimeRecoveryDays: number;
  maxUploadBytes: number;
  stageName: string;
  runtime: Runtime;
  architecture: Architecture;
}

/**
 * Options a caller passes: any subset of the settings, at any depth. An option left out or given
 * as `undefined` keeps its default; `{ processor: { memoryMb: 512 } }` keeps the processor's other
 * defaults.
 */
export type RegionalStackOptions = DeepPartial<RegionalSettings>;

export type DeepPartial<T> = {
  [K in keyof T]?:
    | (T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K])
    | undefined;
};

export type DeepReadonly<T> = {
  readonly [K in keyof T]: T[K] extends readonly (infer E)[]
    ? readonly E[]
    : T[K] extends object
      ? DeepReadonly<T[K]>
      : T[K];
};

function deepFreeze<T>(value: T): DeepReadonly<T> {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value as DeepReadonly<T>;
}

/** The defaults, each the requirement it implements. Frozen: a caller cannot change later builds. */
export const REGIONAL_DEFAULTS: DeepReadonly<RegionalSettings> = deepFreeze<RegionalSettings>({
  environmentSuffix: 'dev',
  environment: 'development',
  team: 'market-data',
  costCenter: 'CC-0000',
  regions: ['us-east-1', 'us-west-2'],
  billingMode: 'PAY_PER_REQUEST',
  provisioned: { read: { min: 5, max: 4000 }, write: { min: 5, max: 4000 }, targetUtilisationPercent: 70 },
  onDemandMax: { read: 40000, write: 40000 },
  deletionProtection: false,
  apiAuth: 'IAM',
  throttle: { rateLimit: 1000, burstLimit: 2000 },
  processor: { memoryMb: 3072, timeoutSeconds: 300, reservedConcurrency: 100 },
  worker: { memoryMb: 3072, timeoutSeconds: 300, maxConcurrency: 100 },
  apiFunctions: { memoryMb: 512, timeoutSeconds: 15, reservedConcurrency: 100 },
  asyncRetries: 2,
  logRetentionDays: 7,
  errorRateThresholdPercent: 1,
  pointInTimeRecoveryDays: 35,
  maxUploadBytes: LIMITS.maxUploadBytes,
  stageName: 'v1',
  runtime: 'nodejs24.x',
  architecture: 'arm64',
});

export { OptionsError };

/** CloudWatch Logs accepts only these retention periods. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557,
];

function check(condition: boolean, message: string): void {
  if (!condition) throw new OptionsError(message);
}

function range(value: number, min: number, max: number, what: string): void {
  check(
    Number.isInteger(value) && value >= min && value <= max,
    `${what} must be an integer from ${min} to ${max}`,
  );
}

/** The options whose value is one of a set, by path. */
const ENUMERATIONS: Readonly<Record<string, readonly string[]>> = {
  billingMode: BILLING_MODES,
  apiAuth: API_AUTH_MODES,
  architecture: ARCHITECTURES,
  runtime: RUNTIMES,
};

type Plain = Record<string, unknown>;
const isPlainObject = (value: unknown): value is Plain =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Defaults overlaid with the options, at every depth. `undefined` keeps the default; a key the
 * defaults do not have, or a value of the wrong kind, is an OptionsError naming its path.
 */
function overlay(defaults: Plain, options: unknown, path: string): Plain {
  if (!isPlainObject(options)) {
    throw new OptionsError(
      `${path.slice(0, -1) || 'options'} must be an object, not ${JSON.stringify(options)}`,
    );
  }
  const result: Plain = {};
  for (const [key, value] of Object.entries(defaults))
    result[key] = isPlainObject(value)
      ? overlay(value, {}, `${path}${key}.`)
      : Array.isArray(value)
        ? [...value]
        : value;
  for (const [key, value] of Object.entries(options)) {
    const name = `${path}${key}`;
    if (!Object.hasOwn(defaults, key)) {
      throw new OptionsError(`unknown option ${name}; known: ${Object.keys(defaults).join(', ')}`);
    }
    if (value === undefined) continue;
    const fallback = defaults[key];
    if (isPlainObject(fallback)) result[key] = overlay(fallback, value, `${name}.`);
    else if (Array.isArray(fallback)) {
      if (!Array.isArray(value))
        throw new OptionsError(`${name} must be a list, not ${JSON.stringify(value)}`);
      result[key] = [...value];
    } else if (typeof value !== typeof fallback) {
      const allowed = ENUMERATIONS[name];
      throw new OptionsError(
        `${name} must be ${allowed ? `one of ${allowed.join(', ')}` : `a ${typeof fallback}`}, not ${JSON.stringify(value)}`,
      );
    } else result[key] = value;
  }
  return result;
}

function oneOf(value: string, allowed: readonly string[], what: string): void {
  check(
    allowed.includes(value),
    `${what} must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`,
  );
}

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * Fills in defaults and refuses, with an OptionsError that names the option, any value
 * CloudFormation, the services or the template's own parameter constraints would refuse later.
 */
export function resolveOptions(options: RegionalStackOptions = {}): RegionalSettings {
  const s = overlay(REGIONAL_DEFAULTS as unknown as Plain, options, '') as unknown as RegionalSettings;
  check(
    ENVIRONMENT_SUFFIX_PATTERN.test(s.environmentSuffix),
    `environmentSuffix must be ${ENVIRONMENT_SUFFIX_RULE}, not ${JSON.stringify(s.environmentSuffix)}`,
  );
  for (const tag of ['environment', 'team', 'costCenter'] as const) {
    check(
      TAG_VALUE_PATTERN.test(s[tag]),
      `${tag} must be ${TAG_VALUE_RULE} (a tag value), not ${JSON.stringify(s[tag])}`,
    );
  }
  check(s.regions.length > 0, 'regions must name at least one region');
  for (const region of s.regions)
    check(
      typeof region === 'string' && REGION_PATTERN.test(region),
      `regions: ${JSON.stringify(region)} is not a region name`,
    );
  check(new Set(s.regions).size === s.regions.length, 'regions must not repeat a region');
  for (const [name, allowed] of Object.entries(ENUMERATIONS))
    oneOf(s[name as keyof RegionalSettings] as string, allowed, name);
  range(s.processor.memoryMb, 128, 10240, 'processor.memoryMb');
  range(s.processor.timeoutSeconds, 1, 900, 'processor.timeoutSeconds');
  range(s.processor.reservedConcurrency, 1, 1000, 'processor.reservedConcurrency');
  range(s.worker.memoryMb, 128, 10240, 'worker.memoryMb');
  range(s.worker.timeoutSeconds, 1, 900, 'worker.timeoutSeconds');
  // The bounds of an SQS event source mapping's MaximumConcurrency.
  range(s.worker.maxConcurrency, 2, 1000, 'worker.maxConcurrency');
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
    'errorRateThresholdPercent must be above 0 and below 100',
  );
  range(s.throttle.rateLimit, 1, 10000, 'throttle.rateLimit');
  range(s.throttle.burstLimit, 1, 5000, 'throttle.burstLimit');
  check(
    s.throttle.burstLimit >= s.throttle.rateLimit,
    `throttle.burstLimit (${s.throttle.burstLimit}) must be at least throttle.rateLimit (${s.throttle.rateLimit})`,
  );
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
