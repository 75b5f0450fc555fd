/** Deploy-time parameters of the pipeline stack, with console labels. */
import { StringParameter } from 'cloudform-types';
import { declareArtifactBucketPrefix, declareSharedParameters } from '../conventions/index.js';
import type { Reference, TemplateBuilder } from '../core/template.js';
import type { PipelineSettings } from './options.js';

export interface PipelineParameters {
  environmentSuffix: Reference;
  connectionArn: Reference;
  connectionProvider: Reference;
  repository: Reference;
  branch: Reference;
  artifactBucketPrefix: Reference;
}

const GROUP_SOURCE = 'Source';
const GROUP_DEPLOY = 'Deployment';
const GROUP_TAGS = 'Tags';

export function declarePipelineParameters(
  t: TemplateBuilder,
  settings: PipelineSettings,
): PipelineParameters {
  const environmentSuffix = declareSharedParameters(t, {
    group: GROUP_TAGS,
    suffix: {
      default: settings.suffix,
      description: `Names this pipeline's resources (servapp-<suffix>-pipeline); it rolls out ${settings.stages.map((s) => s.environment).join(', then ')}`,
      label: 'Pipeline name suffix',
    },
    tags: settings.tags,
  });
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
      Default: settings.branch,
      AllowedPattern: '^[A-Za-z0-9_./-]{1,255}$',
    }),
    { label: 'Branch', group: GROUP_SOURCE },
  );
  const artifactBucketPrefix = declareArtifactBucketPrefix(t, {
    description: 'Prefix of the per-region artifact buckets made by the bootstrap stack',
    label: 'Artifact bucket prefix',
    group: GROUP_DEPLOY,
  });
  return {
    environmentSuffix,
    connectionArn,
    connectionProvider,
    repository,
    branch,
    artifactBucketPrefix,
  };
}
