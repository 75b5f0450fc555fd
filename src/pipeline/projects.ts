/**
 * The CodeBuild projects, each with its own role and log group (7 days, KMS). The build role
 * may only write its logs and the pipeline's artifacts; the review role may in addition read the
 * environments' StackSets; the deploy role may in addition run the
 * rollout: StackSet operations on this environment's StackSet, artifact uploads to the
 * per-region buckets, and passing the StackSet administration role to CloudFormation.
 */
import { CodeBuild, IAM, Logs, type Value } from 'cloudform-types';
import { STACKSET_ADMINISTRATION_ROLE_NAME, stackSetName } from '../conventions/index.js';
import { allow, policyDocument, type Statement, s3Arn, serviceTrust } from '../core/iam.js';
import { sub } from '../core/intrinsics.js';
import { cfnLint, type Suppression } from '../core/suppressions.js';
import type { Handle } from '../core/template.js';
import { ARTIFACT_STORE_PURPOSE } from './artifact-store.js';
import { BUILD_IMAGE, buildSpec, deploySpec, reviewSpec } from './buildspecs.js';
import { PIPELINE_LOG_RETENTION_DAYS, type PipelineContext, pipelineName } from './context.js';

export interface Projects {
  build: Handle<'AWS::CodeBuild::Project'>;
  review: Handle<'AWS::CodeBuild::Project'>;
  deploy: Handle<'AWS::CodeBuild::Project'>;
}

const P = 'arn:${AWS::Partition}';

/**
 * The pipeline's service roles need CodeBuild, CodePipeline and StackSet actions that the regional
 * boundary (scoped to what the regional stack's functions do) must not allow.
 */
export const PIPELINE_ROLE_WITHOUT_BOUNDARY: Suppression = cfnLint(
  'E9011',
  'A pipeline service role: it needs CodeBuild, CodePipeline and StackSet actions outside the regional boundary; it holds no IAM write at all (only PassRole of the named StackSet administration role, to CloudFormation), so no deploy can raise it',
);

function commonStatements(ctx: PipelineContext, key: Handle<'AWS::KMS::Key'>, logGroup: string): Statement[] {
  const store = ctx.names.bucketPattern(ARTIFACT_STORE_PURPOSE);
  return [
    allow(
      'WriteBuildLogs',
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      [sub(`${P}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:${logGroup}:*`)],
    ),
    allow('PipelineArtifacts', ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'], [s3Arn(store, '*')]),
    allow('ArtifactKey', ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], [key.getAtt('Arn')]),
  ];
}

/** The change review reads the deployed StackSets and nothing else. */
function reviewStatements(ctx: PipelineContext): Statement[] {
  return [
    allow(
      'ReadStackSets',
      ['cloudformation:DescribeStackSet'],
      ctx.settings.stages.map((stage) =>
        sub(
          `${P}:cloudformation:\${AWS::Region}:\${AWS::AccountId}:stackset/${stackSetName(stage.suffix)}:*`,
        ),
      ),
    ),
  ];
}

/** What the rollout script calls, on the StackSets of the environments the pipeline deploys. */
function rolloutStatements(ctx: PipelineContext): Statement[] {
  const stackSets = ctx.settings.stages.map((stage) => stackSetName(stage.suffix));
  const prefix = `\${${ctx.params.artifactBucketPrefix.id}}`;
  const buckets = `${prefix}-\${AWS::AccountId}-*`;
  return [
    allow(
      'StackSetOperations',
      [
        'cloudformation:CreateStackInstances',
        'cloudformation:CreateStackSet',
        'cloudformation:DescribeStackInstance',
        'cloudformation:DescribeStackSet',
        'cloudformation:DescribeStackSetOperation',
        'cloudformation:ListStackInstances',
        'cloudformation:ListStackSetOperationResults',
        'cloudformation:ListStackSetOperations',
        'cloudformation:UpdateStackSet',
      ],
      stackSets.flatMap((name) => [
        sub(`${P}:cloudformation:\${AWS::Region}:\${AWS::AccountId}:stackset/${name}:*`),
        sub(`${P}:cloudformation:\${AWS::Region}:\${AWS::AccountId}:stackset-target/${name}:*`),
      ]),
    ),
    // The summary reads each region's outputs from the instance's stack.
    allow(
      'ReadInstanceOutputs',
      ['cloudformation:DescribeStacks'],
      stackSets.map((name) => sub(`${P}:cloudformation:*:\${AWS::AccountId}:stack/StackSet-${name}-*/*`)),
    ),
    allow(
      'PassAdministrationRole',
      ['iam:PassRole'],
      [sub(`${P}:iam::\${AWS::AccountId}:role/${STACKSET_ADMINISTRATION_ROLE_NAME}`)],
      { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
    ),
    // After the operation the rollout compares each function's CodeSha256 with the zip it built,
    // so code planted in (or swapped into) an artifact bucket is noticed.
    allow(
      'ReadDeployedCode',
      ['lambda:GetFunctionConfiguration'],
      stackSets.map((name) => sub(`${P}:lambda:*:\${AWS::AccountId}:function:${name}-*`)),
    ),
    // HeadObject answers 404 (not 403) for a missing zip only with ListBucket.
    allow('ListArtifactBuckets', ['s3:ListBucket'], [sub(`${P}:s3:::${buckets}`)]),
    allow(
      'UploadArtifacts',
      ['s3:GetObject', 's3:PutObject'],
      [sub(`${P}:s3:::${buckets}/lambda/*`), sub(`${P}:s3:::${buckets}/templates/*`)],
    ),
  ];
}

function project(
  ctx: PipelineContext,
  key: Handle<'AWS::KMS::Key'>,
  spec: {
    id: string;
    purpose: string;
    description: string;
    buildSpec: string;
    statements: Statement[];
    env?: Record<string, Value<string>>;
    timeout: number;
  },
): Handle<'AWS::CodeBuild::Project'> {
  const { t } = ctx;
  const logGroupName = `/aws/codebuild/${pipelineName(spec.purpose)}`;
  const logGroup = t.resource(
    `${spec.id}LogGroup`,
    new Logs.LogGroup({
      LogGroupName: sub(logGroupName),
      RetentionInDays: PIPELINE_LOG_RETENTION_DAYS,
      KmsKeyId: key.getAtt('Arn'),
    }),
    { deletionPolicy: 'Delete', updateReplacePolicy: 'Delete' },
  );
  const role = t.resource(
    `${spec.id}Role`,
    new IAM.Role({
      Description: `CodeBuild role of the ${spec.purpose} stage`,
      AssumeRolePolicyDocument: serviceTrust('codebuild.amazonaws.com', true),
      Policies: [
        {
          PolicyName: `${spec.purpose}-least-privilege`,
          PolicyDocument: policyDocument([...commonStatements(ctx, key, logGroupName), ...spec.statements]),
        },
      ],
    }),
    { suppressions: [PIPELINE_ROLE_WITHOUT_BOUNDARY] },
  );
  const variables = Object.entries(spec.env ?? {}).map(([name, value]) => ({
    Name: name,
    Type: 'PLAINTEXT',
    Value: value,
  }));
  return t.resource(
    spec.id,
    new CodeBuild.Project({
      Name: sub(pipelineName(spec.purpose)),
      Description: spec.description,
      ServiceRole: role.getAtt('Arn'),
      EncryptionKey: key.getAtt('Arn'),
      Source: { Type: 'CODEPIPELINE', BuildSpec: spec.buildSpec },
      Artifacts: { Type: 'CODEPIPELINE' },
      Environment: {
        Type: 'LINUX_CONTAINER',
        ComputeType: 'BUILD_GENERAL1_MEDIUM',
        Image: BUILD_IMAGE,
        PrivilegedMode: false,
        ...(variables.length > 0 ? { EnvironmentVariables: variables } : {}),
      },
      LogsConfig: { CloudWatchLogs: { Status: 'ENABLED', GroupName: logGroup.ref() } },
      TimeoutInMinutes: spec.timeout,
    }),
  );
}

export function projects(ctx: PipelineContext, key: Handle<'AWS::KMS::Key'>): Projects {
  const { params } = ctx;
  return {
    build: project(ctx, key, {
      id: 'BuildProject',
      purpose: 'build',
      description: 'npm ci, npm test (typecheck, lint, cfn-lint, checkov, uvu), templates and Lambda bundles',
      buildSpec: buildSpec(),
      statements: [],
      timeout: 60,
    }),
    review: project(ctx, key, {
      id: 'ReviewProject',
      purpose: 'review',
      description:
        'The change review of a rollout against the deployed StackSet (npm run diff -- --deployed)',
      buildSpec: reviewSpec(),
      statements: reviewStatements(ctx),
      // SERVAPP_ENV is set by each review action, as for the deploy.
      env: { ARTIFACT_BUCKET_PREFIX: params.artifactBucketPrefix.ref() },
      timeout: 30,
    }),
    deploy: project(ctx, key, {
      id: 'DeployProject',
      purpose: 'deploy',
      description: 'Rolls the regional StackSet out with npm run rollout, the same script as from a laptop',
      buildSpec: deploySpec(),
      statements: rolloutStatements(ctx),
      // SERVAPP_ENV is set by each deploy action: one project serves every environment.
      env: { ARTIFACT_BUCKET_PREFIX: params.artifactBucketPrefix.ref() },
      timeout: 120,
    }),
  };
}
