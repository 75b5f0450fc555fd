/** Deploy-time parameters of the regional stack, with constraints and console labels. */
import { Fn, NumberParameter, StringParameter } from 'cloudform-types';
import { FUNCTION_NAMES, type FunctionName } from '../contract/index.js';
import {
  declareArtifactBucketPrefix,
  declareSharedParameters,
  functionIds,
  REGIONAL_PARAMETERS,
} from '../conventions/index.js';
import type { Reference, TemplateBuilder } from '../core/template.js';
import type { RegionalSettings } from './options.js';

/** On-demand caps of one table (absent in provisioned mode, where they do not apply). */
export interface OnDemandCaps {
  maxRead: Reference;
  maxWrite: Reference;
}

/** Pre-warmed throughput of the market-data table: each value 0 leaves it unset (a condition drops it). */
export interface WarmThroughputParameters {
  read: Reference;
  write: Reference;
  /** Condition names: the value is not 0 (both: neither is). */
  hasRead: string;
  hasWrite: string;
  hasBoth: string;
}

export interface CapacityParameters {
  onDemand: { marketData: OnDemandCaps; jobs: OnDemandCaps } | undefined;
  warm: WarmThroughputParameters;
}

export interface RegionalParameters {
  environmentSuffix: Reference;
  artifactBucketPrefix: Reference;
  codeKeys: Record<FunctionName, Reference>;
  capacity: CapacityParameters;
  alarmEmail: Reference;
  configureApiGatewayAccount: Reference;
}

const GROUP_ENVIRONMENT = 'Environment and tags';
const GROUP_CODE = 'Lambda code';
const GROUP_OPERATIONS = 'Operations';
const GROUP_CAPACITY = 'Table capacity';

/** An S3 key of a Lambda zip, as the rollout uploads them: `lambda/<function>/<sha256>.zip`. */
const CODE_KEY_PATTERN = "^[A-Za-z0-9!_.*'()/-]{1,1000}\\.zip$";

export function declareParameters(t: TemplateBuilder, s: RegionalSettings): RegionalParameters {
  const environmentSuffix = declareSharedParameters(t, {
    group: GROUP_ENVIRONMENT,
    suffix: {
      default: s.environmentSuffix,
      description: 'Short environment name used in every resource name, e.g. dev or prod',
      label: 'Environment suffix',
    },
    tags: s,
    teamNote: ': who owns this stack',
  });
  const artifactBucketPrefix = declareArtifactBucketPrefix(t, {
    description:
      'Lambda zips are read from the bucket <prefix>-<account id>-<region>, one per region (made by the bootstrap stack)',
    label: 'Artifact bucket prefix',
    group: GROUP_CODE,
  });
  const codeKeys = Object.fromEntries(
    FUNCTION_NAMES.map((fn) => [
      fn,
      t.parameter(
        functionIds(fn).codeKeyParameter,
        new StringParameter({
          Description: `S3 key of the ${fn} function's zip in the artifact bucket (set by the rollout script)`,
          AllowedPattern: CODE_KEY_PATTERN,
          ConstraintDescription: 'an S3 key ending in .zip',
        }),
        { label: `${fn.charAt(0).toUpperCase()}${fn.slice(1)} code key`, group: GROUP_CODE },
      ),
    ]),
  ) as Record<FunctionName, Reference>;
  const capacity = capacityParameters(t, s);
  const alarmEmail = t.parameter(
    REGIONAL_PARAMETERS.alarmEmail,
    new StringParameter({
      Description: 'Optional e-mail address subscribed to the alarm topic; empty for none',
      Default: '',
      AllowedPattern: '^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
      ConstraintDescription: 'an e-mail address, or empty',
    }),
    { label: 'Alarm e-mail', group: GROUP_OPERATIONS },
  );
  const configureApiGatewayAccount = t.parameter(
    REGIONAL_PARAMETERS.configureApiGatewayAccount,
    new StringParameter({
      Description:
        "Set this region's API Gateway CloudWatch role (a per-region account setting). Say false when another stack already manages it",
      Default: 'true',
      AllowedValues: ['true', 'false'],
    }),
    { label: 'Manage API Gateway logging role', group: GROUP_OPERATIONS },
  );
  return {
    environmentSuffix,
    artifactBucketPrefix,
    codeKeys,
    capacity,
    alarmEmail,
    configureApiGatewayAccount,
  };
}

/**
 * Table throughput is the deployer's choice, changeable by a stack update without a rebuild: the
 * on-demand caps (a ceiling on cost, and on throughput) and the market-data table's warm throughput
 * (capacity ready at once, before a large first import). The caps' defaults are the build options'
 * `onDemandMax`, by default the default per-table quota of an account, so the stack itself never
 * throttles below what the account allows.
 */
function capacityParameters(t: TemplateBuilder, s: RegionalSettings): CapacityParameters {
  const cap = (table: string, label: string, kind: 'Read' | 'Write', value: number) =>
    t.parameter(
      `${table}Max${kind}RequestUnits`,
      new NumberParameter({
        Description: `Most ${kind.toLowerCase()} request units per second the ${label} table may use (on-demand throughput cap; also caps the cost per second)`,
        Default: value,
        MinValue: 1,
        ConstraintDescription: 'a whole number of request units per second, at least 1',
      }),
      { label: `${label} table: max ${kind.toLowerCase()} units/s`, group: GROUP_CAPACITY },
    );
  const onDemand =
    s.billingMode === 'PAY_PER_REQUEST'
      ? {
          marketData: {
            maxRead: cap('MarketData', 'Market-data', 'Read', s.onDemandMax.read),
            maxWrite: cap('MarketData', 'Market-data', 'Write', s.onDemandMax.write),
          },
          jobs: {
            maxRead: cap('Jobs', 'Jobs', 'Read', s.onDemandMax.read),
            maxWrite: cap('Jobs', 'Jobs', 'Write', s.onDemandMax.write),
          },
        }
      : undefined;
  const warm = (kind: 'Read' | 'Write') => {
    const handle = t.parameter(
      `MarketDataWarm${kind}UnitsPerSecond`,
      new NumberParameter({
        Description: `${kind} units per second the market-data table can serve at once (warm throughput, billed once when raised); 0 leaves it as DynamoDB sets it`,
        Default: 0,
        MinValue: 0,
        ConstraintDescription: 'a whole number of units per second; 0 for not set',
      }),
      { label: `Market-data table: warm ${kind.toLowerCase()} units/s`, group: GROUP_CAPACITY },
    );
    const isSet = () => Fn.Not(Fn.Equals(handle.ref(), 0));
    const condition = t.condition(`HasMarketDataWarm${kind}`, isSet());
    return { handle, condition, isSet };
  };
  const read = warm('Read');
  const write = warm('Write');
  const hasBoth = t.condition('HasMarketDataWarmReadAndWrite', Fn.And([read.isSet(), write.isSet()]));
  return {
    onDemand,
    warm: {
      read: read.handle,
      write: write.handle,
      hasRead: read.condition,
      hasWrite: write.condition,
      hasBoth,
    },
  };
}
