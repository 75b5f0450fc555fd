/** Deploy-time parameters of the regional stack, with constraints and console labels. */
import { StringParameter } from 'cloudform-types';
import { DEFAULT_ARTIFACT_BUCKET_PREFIX } from '../bootstrap/conventions.js';
import type { FunctionName } from '../contract/index.js';
import type { Handle, TemplateBuilder } from '../core/template.js';
import { ENVIRONMENT_SUFFIX_PATTERN, type RegionalSettings } from './options.js';

export const PARAMETER_IDS = {
  environmentSuffix: 'EnvironmentSuffix',
  environment: 'Environment',
  team: 'Team',
  costCenter: 'CostCenter',
} as const;

export interface RegionalParameters {
  environmentSuffix: Handle;
  artifactBucketPrefix: Handle;
  codeKeys: Record<FunctionName, Handle>;
  alarmEmail: Handle;
  configureApiGatewayAccount: Handle;
}

const GROUP_ENVIRONMENT = 'Environment and tags';
const GROUP_CODE = 'Lambda code';
const GROUP_OPERATIONS = 'Operations';

/** What tag values may hold. */
const TAG_VALUE_PATTERN = '^[A-Za-z0-9 ._:/=+@-]{1,128}$';

/** An S3 key of a Lambda zip, as the rollout uploads them: `lambda/<function>/<sha256>.zip`. */
const CODE_KEY_PATTERN = "^[A-Za-z0-9!_.*'()/-]{1,1000}\\.zip$";

export function declareParameters(t: TemplateBuilder, s: RegionalSettings): RegionalParameters {
  const environmentSuffix = t.parameter(
    PARAMETER_IDS.environmentSuffix,
    new StringParameter({
      Description: 'Short environment name used in every resource name, e.g. dev or prod',
      Default: s.environmentSuffix,
      AllowedPattern: ENVIRONMENT_SUFFIX_PATTERN.source,
      ConstraintDescription: '1-10 lower-case letters or digits, starting with a letter',
    }),
    { label: 'Environment suffix', group: GROUP_ENVIRONMENT },
  );
  const tagValue = (id: string, tag: string, purpose: string, value: string) =>
    t.parameter(
      id,
      new StringParameter({
        Description: `Value of the ${tag} tag${purpose}`,
        Default: value,
        AllowedPattern: TAG_VALUE_PATTERN,
        ConstraintDescription: '1-128 characters allowed in tag values',
      }),
      { label: `${tag} tag`, group: GROUP_ENVIRONMENT },
    );
  tagValue(PARAMETER_IDS.environment, 'Environment', '', s.environment);
  tagValue(PARAMETER_IDS.team, 'Team', ': who owns this stack', s.team);
  tagValue(PARAMETER_IDS.costCenter, 'CostCenter', '', s.costCenter);
  const artifactBucketPrefix = t.parameter(
    'ArtifactBucketPrefix',
    new StringParameter({
      Description:
        'Lambda zips are read from the bucket <prefix>-<account id>-<region>, one per region (made by the bootstrap stack)',
      Default: DEFAULT_ARTIFACT_BUCKET_PREFIX,
      AllowedPattern: '^[a-z0-9][a-z0-9-]{1,30}$',
      ConstraintDescription: 'lower-case letters, digits and dashes, at most 31 characters',
    }),
    { label: 'Artifact bucket prefix', group: GROUP_CODE },
  );
  const codeKey = (fn: FunctionName, label: string) =>
    t.parameter(
      `${label}CodeKey`,
      new StringParameter({
        Description: `S3 key of the ${fn} function's zip in the artifact bucket (set by the rollout script)`,
        AllowedPattern: CODE_KEY_PATTERN,
        ConstraintDescription: 'an S3 key ending in .zip',
      }),
      { label: `${label} code key`, group: GROUP_CODE },
    );
  const codeKeys: Record<FunctionName, Handle> = {
    upload: codeKey('upload', 'Upload'),
    processor: codeKey('processor', 'Processor'),
    status: codeKey('status', 'Status'),
    results: codeKey('results', 'Results'),
  };
  const alarmEmail = t.parameter(
    'AlarmEmail',
    new StringParameter({
      Description: 'Optional e-mail address subscribed to the alarm topic; empty for none',
      Default: '',
      AllowedPattern: '^$|^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
      ConstraintDescription: 'an e-mail address, or empty',
    }),
    { label: 'Alarm e-mail', group: GROUP_OPERATIONS },
  );
  const configureApiGatewayAccount = t.parameter(
    'ConfigureApiGatewayAccount',
    new StringParameter({
      Description:
        "Set this region's API Gateway CloudWatch role (a per-region account setting). Say false when another stack already manages it",
      Default: 'true',
      AllowedValues: ['true', 'false'],
    }),
    { label: 'Manage API Gateway logging role', group: GROUP_OPERATIONS },
  );
  return { environmentSuffix, artifactBucketPrefix, codeKeys, alarmEmail, configureApiGatewayAccount };
}
