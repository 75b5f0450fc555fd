/** Deploy-time parameters of the pipeline stack, with console labels. */
import { StringParameter } from 'cloudform-types';
import { DEFAULT_ARTIFACT_BUCKET_PREFIX } from '../bootstrap/conventions.js';
import type { Reference, TemplateBuilder } from '../core/template.js';

export const PIPELINE_PARAMETER_IDS = {
  environmentSuffix: 'EnvironmentSuffix',
  environment: 'Environment',
  team: 'Team',
  costCenter: 'CostCenter',
} as const;

export interface PipelineParameters {
  environmentSuffix: Reference;
  connectionArn: Reference;
  connectionProvider: Reference;
  repository: Reference;
  branch: Reference;
  requireApproval: Reference;
  deployRegions: Reference;
  artifactBucketPrefix: Reference;
}

const GROUP_SOURCE = 'Source';
const GROUP_DEPLOY = 'Deployment';
const GROUP_TAGS = 'Tags';
const TAG_VALUE_PATTERN = '^[A-Za-z0-9 ._:/=+@-]{1,128}$';

export function declarePipelineParameters(t: TemplateBuilder): PipelineParameters {
  const environmentSuffix = t.parameter(
    PIPELINE_PARAMETER_IDS.environmentSuffix,
    new StringParameter({
      Description: 'The environment this pipeline rolls out: it deploys the StackSet servapp-<suffix>',
      Default: 'dev',
      AllowedPattern: '^[a-z][a-z0-9]{0,9}$',
      ConstraintDescription: '1-10 lower-case letters or digits, starting with a letter',
    }),
    { label: 'Environment suffix', group: GROUP_DEPLOY },
  );
  const tag = (id: string, value: string) =>
    t.parameter(
      id,
      new StringParameter({
        Description: `Value of the ${id} tag`,
        Default: value,
        AllowedPattern: TAG_VALUE_PATTERN,
        ConstraintDescription: '1-128 characters allowed in tag values',
      }),
      { label: `${id} tag`, group: GROUP_TAGS },
    );
  tag(PIPELINE_PARAMETER_IDS.environment, 'development');
  tag(PIPELINE_PARAMETER_IDS.team, 'market-data');
  tag(PIPELINE_PARAMETER_IDS.costCenter, 'CC-0000');
  const connectionArn = t.parameter(
    'ConnectionArn',
    new StringParameter({
      Description:
        'ARN of an existing CodeStar connection to the repository host; empty to create one (then complete it once in the console)',
      Default: '',
      AllowedPattern:
        '^$|^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:[0-9]{12}:connection/[a-f0-9-]+$',
      ConstraintDescription: 'a CodeStar connection ARN, or empty',
    }),
    { label: 'Existing connection ARN', group: GROUP_SOURCE },
  );
  const connectionProvider = t.parameter(
    'ConnectionProvider',
    new StringParameter({
      Description:
        'Repository host of the connection this stack creates (ignored with an existing connection)',
      Default: 'GitHub',
      AllowedValues: ['GitHub', 'GitHubEnterpriseServer', 'GitLab', 'Bitbucket'],
    }),
    { label: 'Provider of a new connection', group: GROUP_SOURCE },
  );
  const repository = t.parameter(
    'RepositoryId',
    new StringParameter({
      Description: 'The repository, as owner/name',
      AllowedPattern: '^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+$',
      ConstraintDescription: 'owner/name',
    }),
    { label: 'Repository (owner/name)', group: GROUP_SOURCE },
  );
  const branch = t.parameter(
    'BranchName',
    new StringParameter({
      Description: 'A push to this branch starts the pipeline',
      Default: 'main',
      AllowedPattern: '^[A-Za-z0-9_./-]{1,255}$',
    }),
    { label: 'Branch', group: GROUP_SOURCE },
  );
  const requireApproval = t.parameter(
    'RequireApproval',
    new StringParameter({
      Description:
        'Wait for a manual approval before every rollout (true), or only when the change review needs one: data loss or broadening (false)',
      Default: 'false',
      AllowedValues: ['true', 'false'],
    }),
    { label: 'Manual approval before rollout', group: GROUP_DEPLOY },
  );
  const deployRegions = t.parameter(
    'DeployRegions',
    new StringParameter({
      Description: 'Regions of the StackSet instances, comma separated',
      Default: 'us-east-1,us-west-2',
      AllowedPattern: '^[a-z]{2}(-[a-z]+)+-[0-9](,[a-z]{2}(-[a-z]+)+-[0-9])*$',
      ConstraintDescription: 'region names separated by commas, no spaces',
    }),
    { label: 'Regions', group: GROUP_DEPLOY },
  );
  const artifactBucketPrefix = t.parameter(
    'ArtifactBucketPrefix',
    new StringParameter({
      Description: 'Prefix of the per-region artifact buckets made by the bootstrap stack',
      Default: DEFAULT_ARTIFACT_BUCKET_PREFIX,
      AllowedPattern: '^[a-z0-9][a-z0-9-]{1,30}$',
      ConstraintDescription: 'lower-case letters, digits and dashes, at most 31 characters',
    }),
    { label: 'Artifact bucket prefix', group: GROUP_DEPLOY },
  );
  return {
    environmentSuffix,
    connectionArn,
    connectionProvider,
    repository,
    branch,
    requireApproval,
    deployRegions,
    artifactBucketPrefix,
  };
}
