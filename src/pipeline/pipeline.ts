/**
 * The pipeline: source (CodeStar connection, started by a push to the branch) → build and test →
 * change review → manual approval → rollout. The approval runs when the review needs one (data
 * loss, broadening) or always with RequireApproval=true; its message carries the review's summary
 * and links to it. V2, queued: each push rolls out in order, none is skipped mid-rollout.
 */
import { Fn, IAM, type IntrinsicFunction } from 'cloudform-types';
import type { StageDeclaration } from 'cloudform-types/types/codePipeline/pipeline.js';
import { Pipeline, type PipelineStage } from '../core/extensions.js';
import { allow, policyDocument, s3Arn, serviceTrust } from '../core/iam.js';
import { sub } from '../core/intrinsics.js';
import type { Handle } from '../core/template.js';
import { ARTIFACT_STORE_PURPOSE } from './artifact-store.js';
import { REVIEW_VARIABLES } from './buildspecs.js';
import { type PipelineContext, pipelineName } from './context.js';
import { PIPELINE_ROLE_WITHOUT_BOUNDARY, type Projects } from './projects.js';

export const APPROVAL_CONDITION = 'RequireManualApproval';
export const SOURCE_ACTION = 'Source';
/** The review action's variable namespace: `#{Review.REVIEW_SUMMARY}`. */
export const REVIEW_NAMESPACE = 'Review';

const codeBuildStage = (
  name: string,
  project: Handle<'AWS::CodeBuild::Project'>,
  input: string,
  output?: string,
  namespace?: string,
): StageDeclaration => ({
  Name: name,
  Actions: [
    {
      Name: name,
      ActionTypeId: { Category: 'Build', Owner: 'AWS', Provider: 'CodeBuild', Version: '1' },
      Configuration: { ProjectName: project.ref() },
      InputArtifacts: [{ Name: input }],
      ...(output ? { OutputArtifacts: [{ Name: output }] } : {}),
      ...(namespace ? { Namespace: namespace } : {}),
      RunOrder: 1,
    },
  ],
});

export function pipeline(
  ctx: PipelineContext,
  key: Handle<'AWS::KMS::Key'>,
  store: Handle<'AWS::S3::Bucket'>,
  connectionArn: IntrinsicFunction,
  build: Projects,
): Handle<'AWS::CodePipeline::Pipeline'> {
  const { t, names, params } = ctx;
  t.condition(APPROVAL_CONDITION, Fn.Equals(params.requireApproval.ref(), 'true'));
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
  const variable = (name: string) => `#{${REVIEW_NAMESPACE}.${name}}`;
  const approval: PipelineStage = {
    Name: 'Approve',
    // Without RequireApproval the stage is entered only when the review needs a human; SKIP is
    // what a failed entry condition does then (only VariableCheck and LambdaInvoke rules may skip).
    BeforeEntry: Fn.If(APPROVAL_CONDITION, Fn.Ref('AWS::NoValue'), {
      Conditions: [
        {
          Result: 'SKIP',
          Rules: [
            {
              Name: 'ReviewNeedsApproval',
              RuleTypeId: { Category: 'Rule', Owner: 'AWS', Provider: 'VariableCheck', Version: '1' },
              Configuration: {
                Variable: variable(REVIEW_VARIABLES.needsApproval),
                Operator: 'EQ',
                Value: 'true',
              },
            },
          ],
        },
      ],
    }),
    Actions: [
      {
        Name: 'Approve',
        ActionTypeId: { Category: 'Approval', Owner: 'AWS', Provider: 'Manual', Version: '1' },
        Configuration: {
          CustomData: `Change review: ${variable(REVIEW_VARIABLES.summary)}. The whole review (review/review.md, printed in the review build's log) is behind the link; approve to roll exactly this out.`,
          ExternalEntityLink: variable(REVIEW_VARIABLES.url),
        },
        RunOrder: 1,
      },
    ],
  };
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
        codeBuildStage('Build', build.build, 'Source', 'Built'),
        codeBuildStage('Review', build.review, 'Built', 'Reviewed', REVIEW_NAMESPACE),
        approval,
        codeBuildStage('Deploy', build.deploy, 'Reviewed'),
      ],
    }),
  );
}
