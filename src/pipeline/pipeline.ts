/**
 * The pipeline: source (CodeStar connection, started by a push to the branch) → build and test →
 * for each environment in turn, the change review against its deployed StackSet, a manual
 * approval, then its rollout, from the one set of artifacts the build made. The approval runs
 * when the review needs one (data loss, broadening) or always when the stage asks for it; its
 * message carries the review's summary and links to it. V2, queued: each push rolls out in
 * order, none is skipped mid-rollout.
 */
import { IAM, type IntrinsicFunction } from 'cloudform-types';
import { Pipeline, type PipelineStage } from '../core/extensions.js';
import { allow, policyDocument, s3Arn, serviceTrust } from '../core/iam.js';
import { sub } from '../core/intrinsics.js';
import type { Handle } from '../core/template.js';
import { ARTIFACT_STORE_PURPOSE } from './artifact-store.js';
import { REVIEW_VARIABLES } from './buildspecs.js';
import { type PipelineContext, pipelineName } from './context.js';
import { PIPELINE_ROLE_WITHOUT_BOUNDARY, type Projects } from './projects.js';

export const SOURCE_ACTION = 'Source';

/** The environment variable each deploy action sets: the rollout's `--env`. */
export const DEPLOY_ENVIRONMENT_VARIABLE = 'SERVAPP_ENV';

const codeBuildAction = (
  name: string,
  project: Handle<'AWS::CodeBuild::Project'>,
  input: string,
  extra: { output?: string; variables?: Record<string, string>; namespace?: string } = {},
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
  ...(extra.namespace ? { Namespace: extra.namespace } : {}),
  RunOrder: 1,
});

/** `dev` → `Dev`: stage names of one environment. */
const stem = (environment: string) =>
  environment
    .split('-')
    .map((part) => `${part.charAt(0).toUpperCase()}${part.slice(1)}`)
    .join('');

/**
 * Entered when the review needs a person (`always` false) or always; SKIP is what a failed entry
 * condition does then (only VariableCheck and LambdaInvoke rules may skip a stage).
 */
function approvalStage(environment: string, always: boolean): PipelineStage {
  const variable = (name: string) => `#{Review${stem(environment)}.${name}}`;
  return {
    Name: `Approve${stem(environment)}`,
    ...(always
      ? {}
      : {
          BeforeEntry: {
            Conditions: [
              {
                Result: 'SKIP' as const,
                Rules: [
                  {
                    Name: 'ReviewNeedsApproval',
                    RuleTypeId: {
                      Category: 'Rule' as const,
                      Owner: 'AWS' as const,
                      Provider: 'VariableCheck',
                      Version: '1',
                    },
                    Configuration: {
                      Variable: variable(REVIEW_VARIABLES.needsApproval),
                      Operator: 'EQ',
                      Value: 'true',
                    },
                  },
                ],
              },
            ],
          },
        }),
    Actions: [
      {
        Name: `Approve${stem(environment)}`,
        ActionTypeId: { Category: 'Approval', Owner: 'AWS', Provider: 'Manual', Version: '1' },
        Configuration: {
          CustomData: `Change review of ${environment}: ${variable(REVIEW_VARIABLES.summary)}. The whole review (review/review.md) is in the review build behind the link; approving rolls out exactly this.`,
          ExternalEntityLink: variable(REVIEW_VARIABLES.url),
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
              [build.build.getAtt('Arn'), build.review.getAtt('Arn'), build.deploy.getAtt('Arn')],
            ),
          ]),
        },
      ],
    }),
    { suppressions: [PIPELINE_ROLE_WITHOUT_BOUNDARY] },
  );
  const deployStages = settings.stages.flatMap((stage): PipelineStage[] => {
    const env = stem(stage.environment);
    const variables = { [DEPLOY_ENVIRONMENT_VARIABLE]: stage.environment };
    return [
      {
        Name: `Review${env}`,
        Actions: [
          codeBuildAction(`Review${env}`, build.review, 'Built', {
            output: `Reviewed${env}`,
            variables,
            namespace: `Review${env}`,
          }),
        ],
      },
      approvalStage(stage.environment, stage.approval),
      {
        Name: `Deploy${env}`,
        Actions: [codeBuildAction(`Deploy${env}`, build.deploy, `Reviewed${env}`, { variables })],
      },
    ];
  });
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
