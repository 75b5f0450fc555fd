/** Deploy-time parameters of the bootstrap stack. */
import { StringParameter } from 'cloudform-types';
import {
  declareArtifactBucketPrefix,
  declareSharedParameters,
  SHARED_PARAMETER_IDS,
} from '../conventions/index.js';
import type { Reference, TemplateBuilder } from '../core/template.js';

export const CREATE_ACCOUNT_RESOURCES = 'CreateAccountResources';
export const ARTIFACT_BUCKET_PREFIX = SHARED_PARAMETER_IDS.artifactBucketPrefix;

export interface BootstrapParameters {
  artifactBucketPrefix: Reference;
  createAccountResources: Reference;
}

const GROUP_TAGS = 'Tags';
const GROUP_LAYOUT = 'What this stack creates';

export function declareBootstrapParameters(t: TemplateBuilder): BootstrapParameters {
  // The bootstrap serves every environment of the account, hence "shared" rather than a suffix.
  declareSharedParameters(t, {
    group: GROUP_TAGS,
    suffix: {
      default: 'shared',
      description: ': these resources serve every environment',
      label: 'ENVIRONMENT_SUFFIX tag',
      tagOnly: true,
    },
    tags: { environment: 'shared', team: 'market-data', costCenter: 'CC-0000' },
    teamNote: ': who owns this stack',
  });
  const artifactBucketPrefix = declareArtifactBucketPrefix(t, {
    description:
      "The artifact bucket is <prefix>-<account id>-<region>; the regional stack's ArtifactBucketPrefix must match",
    label: 'Artifact bucket prefix',
    group: GROUP_LAYOUT,
  });
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
