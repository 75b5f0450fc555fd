/**
 * The pipeline: source (CodeStar connection, started by a push to the branch) → build and test →
 * for each environment in turn, an optional manual approval, then its rollout, from the one set
 * of artifacts the build made. V2, queued: each push rolls out in order, none is skipped
 * mid-rollout.
 */
import { IAM, type IntrinsicFunction } from 'cloudform-types';
import type { StageDeclaration } from 'cloudform-types/types/codePipeline/pipeline.js';
import { Pipeline } from '../core/extensions.js';
import { allow, policyDocument, s3Arn, serviceTrust } from '../core/iam.js';
import { sub } from '../core/intrinsics.js';
import type { Handle } from '../core/template.js';
import { ARTIFACT_STORE_PURPOSE } from './artifact-store.js';
import { type PipelineContext, pipelineName } from './context.js';
import { PIPELINE_ROLE_WITHOUT_BOUNDARY, type Projects } from './projects.js';

export const SOURCE_ACTION = 'Source';

/** The environment variable each deploy action sets: the rollout's `--env`. */
export const DEPLOY_ENVIRONMENT_VARIABLE = 'SERVAPP_ENV';

const codeBuildAction = (
  name: string,
  project: Handle<'AWS::CodeBuild::Project'>,
  input: string,
  extra: { output?: string; variables?: Record<string, string> } = {},
) => ({
  Name: name,
  ActionTypeId: { Category: 'Build', Owner: 'AWS', Provider: 'CodeBuild', Version: '1' },
  Configuration: {
    ProjectName: project.ref(),
    ...(extra.variables
      ? {
          EnvironmentVariables: JSON.stringify(
            Object.entries(extra.variables).map(([key, value]) => ({ name: key, value, type: 'PLAINTEXT' })),
          ),
        }
      : {}),
  },
  InputArtifacts: [{ Name: input }],
  ...(extra.output ? { OutputArtifacts: [{ Name: extra.output }] } : {}),
  RunOrder: 1,
});

/** `dev` → `Dev`: stage names of one environment. */
const stem = (environment: string) =>
  environment
    .split('-')
    .map((part) => `${part.charAt(0).toUpperCase()}${part.slice(1)}`)
    .join('');

function approvalStage(environment: string): StageDeclaration {
  return {
    Name: `Approve${stem(environment)}`,
    Actions: [
      {
        Name: `Approve${stem(environment)}`,
        ActionTypeId: { Category: 'Approval', Owner: 'AWS', Provider: 'Manual', Version: '1' },
        Configuration: {
          CustomData: `The build passed and the earlier stages are deployed. Review templates/${environment}/regional.json in this commit, then approve the rollout of ${environment}.`,
        },
        RunOrder: 1,
      },
    ],
  };
}

export function pipeline(
  ctx: PipelineContext,
  key: Handle<'AWS::KMS::Key'>,
  store: Handle<'AWS::S3::Bucket'>,
  connectionArn: IntrinsicFunction,
  build: Projects,
): Handle<'AWS::CodePipeline::Pipeline'> {
  const { t, names, params, settings } = ctx;
  const storePattern = names.bucketPattern(ARTIFACT_STORE_PURPOSE);
  const role = t.resource(
    'PipelineRole',
    new IAM.Role({
      Description: 'CodePipeline role of the ServApp pipeline',
      AssumeRolePolicyDocument: serviceTrust('codepipeline.amazonaws.com', true),
      Policies: [
        {
          PolicyName: 'pipeline-least-privilege',
          PolicyDocument: policyDocument([
            allow('UseConnection', ['codestar-connections:UseConnection'], [connectionArn]),
            allow(
              'Artifacts',
              ['s3:GetBucketVersioning', 's3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
              [s3Arn(storePattern), s3Arn(storePattern, '*')],
            ),
            allow('ArtifactKey', ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], [key.getAtt('Arn')]),
            allow(
              'RunBuilds',
              ['codebuild:BatchGetBuilds', 'codebuild:StartBuild'],
              [build.build.getAtt('Arn'), build.deploy.getAtt('Arn')],
            ),
          ]),
        },
      ],
    }),
    { suppressions: [PIPELINE_ROLE_WITHOUT_BOUNDARY] },
  );
  const deployStages = settings.stages.flatMap((stage): StageDeclaration[] => [
    ...(stage.approval ? [approvalStage(stage.environment)] : []),
    {
      Name: `Deploy${stem(stage.environment)}`,
      Actions: [
        codeBuildAction(`Deploy${stem(stage.environment)}`, build.deploy, 'Built', {
          variables: { [DEPLOY_ENVIRONMENT_VARIABLE]: stage.environment },
        }),
      ],
    },
  ]);
  return t.resource(
    'Pipeline',
    new Pipeline({
      Name: sub(pipelineName('pipeline')),
      PipelineType: 'V2',
      ExecutionMode: 'QUEUED',
      RoleArn: role.getAtt('Arn'),
      RestartExecutionOnUpdate: false,
      ArtifactStore: {
        Type: 'S3',
        Location: store.ref(),
        EncryptionKey: { Type: 'KMS', Id: key.getAtt('Arn') },
      },
      Triggers: [
        {
          ProviderType: 'CodeStarSourceConnection',
          GitConfiguration: {
            SourceActionName: SOURCE_ACTION,
            Push: [{ Branches: { Includes: [params.branch.ref()] } }],
          },
        },
      ],
      Stages: [
        {
          Name: 'Source',
          Actions: [
            {
              Name: SOURCE_ACTION,
              ActionTypeId: {
                Category: 'Source',
                Owner: 'AWS',
                Provider: 'CodeStarSourceConnection',
                Version: '1',
              },
              Configuration: {
                ConnectionArn: connectionArn,
                FullRepositoryId: params.repository.ref(),
                BranchName: params.branch.ref(),
                OutputArtifactFormat: 'CODE_ZIP',
              },
              OutputArtifacts: [{ Name: 'Source' }],
              RunOrder: 1,
            },
          ],
        },
        { Name: 'Build', Actions: [codeBuildAction('Build', build.build, 'Source', { output: 'Built' })] },
        ...deployStages,
      ],
    }),
  );
}
