/**
 * The pipeline: source (CodeStar connection, started by a push to the branch) → build and test →
 * optional manual approval → rollout. V2, queued: each push rolls out in order, none is skipped
 * mid-rollout.
 */
import { Fn, IAM, type IntrinsicFunction } from 'cloudform-types';
import type { StageDeclaration } from 'cloudform-types/types/codePipeline/pipeline';
import { Pipeline } from '../core/extensions.js';
import { allow, policyDocument, s3Arn, serviceTrust } from '../core/iam.js';
import { sub } from '../core/intrinsics.js';
import type { Handle } from '../core/template.js';
import { ARTIFACT_STORE_PURPOSE } from './artifact-store.js';
import { type PipelineContext, pipelineName } from './context.js';
import type { Projects } from './projects.js';

export const APPROVAL_CONDITION = 'RequireManualApproval';
export const SOURCE_ACTION = 'Source';

const codeBuildStage = (name: string, project: Handle, input: string, output?: string): StageDeclaration => ({
  Name: name,
  Actions: [
    {
      Name: name,
      ActionTypeId: { Category: 'Build', Owner: 'AWS', Provider: 'CodeBuild', Version: '1' },
      Configuration: { ProjectName: project.ref() },
      InputArtifacts: [{ Name: input }],
      ...(output ? { OutputArtifacts: [{ Name: output }] } : {}),
      RunOrder: 1,
    },
  ],
});

export function pipeline(
  ctx: PipelineContext,
  key: Handle,
  store: Handle,
  connectionArn: IntrinsicFunction,
  build: Projects,
): Handle {
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
              [build.build.getAtt('Arn'), build.deploy.getAtt('Arn')],
            ),
          ]),
        },
      ],
    }),
  );
  const approval: StageDeclaration = {
    Name: 'Approve',
    Actions: [
      {
        Name: 'Approve',
        ActionTypeId: { Category: 'Approval', Owner: 'AWS', Provider: 'Manual', Version: '1' },
        Configuration: {
          CustomData:
            'The build passed. Review the templates/ diff of this commit, then approve the rollout.',
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
        Fn.If(APPROVAL_CONDITION, approval, Fn.Ref('AWS::NoValue')),
        codeBuildStage('Deploy', build.deploy, 'Built'),
      ],
    }),
  );
}
