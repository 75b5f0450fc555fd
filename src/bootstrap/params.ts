/** Deploy-time parameters of the bootstrap stack. */
import { StringParameter } from 'cloudform-types';
import type { Handle, TemplateBuilder } from '../core/template.js';
import { DEFAULT_ARTIFACT_BUCKET_PREFIX } from './conventions.js';

export const BOOTSTRAP_PARAMETER_IDS = {
  environmentSuffix: 'EnvironmentSuffix',
  environment: 'Environment',
  team: 'Team',
  costCenter: 'CostCenter',
} as const;

export const CREATE_ACCOUNT_RESOURCES = 'CreateAccountResources';
export const ARTIFACT_BUCKET_PREFIX = 'ArtifactBucketPrefix';

export interface BootstrapParameters {
  artifactBucketPrefix: Handle;
  createAccountResources: Handle;
}

const GROUP_TAGS = 'Tags';
const GROUP_LAYOUT = 'What this stack creates';
const TAG_VALUE_PATTERN = '^[A-Za-z0-9 ._:/=+@-]{1,128}$';

export function declareBootstrapParameters(t: TemplateBuilder): BootstrapParameters {
  const tag = (id: string, tagKey: string, value: string, what: string) =>
    t.parameter(
      id,
      new StringParameter({
        Description: `Value of the ${tagKey} tag${what}`,
        Default: value,
        AllowedPattern: TAG_VALUE_PATTERN,
        ConstraintDescription: '1-128 characters allowed in tag values',
      }),
      { label: `${tagKey} tag`, group: GROUP_TAGS },
    );
  // The bootstrap serves every environment of the account, hence "shared" rather than a suffix.
  tag(
    BOOTSTRAP_PARAMETER_IDS.environmentSuffix,
    'ENVIRONMENT_SUFFIX',
    'shared',
    ': these resources serve every environment',
  );
  tag(BOOTSTRAP_PARAMETER_IDS.environment, 'Environment', 'shared', '');
  tag(BOOTSTRAP_PARAMETER_IDS.team, 'Team', 'market-data', ': who owns this stack');
  tag(BOOTSTRAP_PARAMETER_IDS.costCenter, 'CostCenter', 'CC-0000', '');
  const artifactBucketPrefix = t.parameter(
    ARTIFACT_BUCKET_PREFIX,
    new StringParameter({
      Description:
        "The artifact bucket is <prefix>-<account id>-<region>; the regional stack's ArtifactBucketPrefix must match",
      Default: DEFAULT_ARTIFACT_BUCKET_PREFIX,
      AllowedPattern: '^[a-z0-9][a-z0-9-]{1,30}$',
      ConstraintDescription: 'lower-case letters, digits and dashes, at most 31 characters',
    }),
    { label: 'Artifact bucket prefix', group: GROUP_LAYOUT },
  );
  const createAccountResources = t.parameter(
    CREATE_ACCOUNT_RESOURCES,
    new StringParameter({
      Description:
        'Create the StackSet administration and execution roles (IAM is global: say true in exactly one region of the account)',
      Default: 'true',
      AllowedValues: ['true', 'false'],
    }),
    { label: 'Create the account-wide StackSet roles here', group: GROUP_LAYOUT },
  );
  return { artifactBucketPrefix, createAccountResources };
}
