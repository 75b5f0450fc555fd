import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { pipelineSettings } from '../../src/config';
import { STACKSET_ADMINISTRATION_ROLE_NAME } from '../../src/conventions';
import environments from '../../src/environments';
import { pipelineTemplate } from '../../src/pipeline';
import { resource, resourcesOfType } from '../support/template';

const test = suite(
  'pipeline stack: V2, connection source, build, then dev → approval → prod on CodeBuild, least privilege',
);
/** The project's pipeline, as src/environments.ts promotes: dev, a manual approval, prod. */
const template = pipelineTemplate(pipelineSettings(environments));
const pipeline = resource(template, 'Pipeline').Properties;

type Stmt = { Sid: string; Action: string[]; Resource: unknown; Condition?: unknown };
const statements = (id: string): Stmt[] =>
  resource(template, id).Properties.Policies[0].PolicyDocument.Statement;

test('CodePipeline V2 with a push trigger on the branch parameter', () => {
  assert.is(pipeline.PipelineType, 'V2');
  assert.equal(pipeline.Triggers, [
    {
      ProviderType: 'CodeStarSourceConnection',
      GitConfiguration: {
        SourceActionName: 'Source',
        Push: [{ Branches: { Includes: [{ Ref: 'BranchName' }] } }],
      },
    },
  ]);
});

test('the source is a CodeStar connection: an existing ARN, or one created here', () => {
  const source = pipeline.Stages[0].Actions[0];
  assert.is(source.ActionTypeId.Provider, 'CodeStarSourceConnection');
  assert.equal(source.Configuration.ConnectionArn, {
    'Fn::If': ['CreateConnection', { Ref: 'SourceConnection' }, { Ref: 'ConnectionArn' }],
  });
  assert.is(resource(template, 'SourceConnection').Condition, 'CreateConnection');
  assert.equal(template.Conditions?.CreateConnection, { 'Fn::Equals': [{ Ref: 'ConnectionArn' }, ''] });
});

type Action = { Name: string; ActionTypeId: { Provider: string }; Configuration: Record<string, string> };
type Stage = { Name: string; Actions: Action[] };

test('stages: source → build and test → for dev, then prod: review → approval → deploy, from one build', () => {
  const stages = pipeline.Stages as Stage[];
  assert.equal(
    stages.map((s) => s.Name),
    ['Source', 'Build', 'ReviewDev', 'ApproveDev', 'DeployDev', 'ReviewProd', 'ApproveProd', 'DeployProd'],
  );
  for (const [review, deploy, env, reviewed] of [
    [stages[2], stages[4], 'dev', 'ReviewedDev'],
    [stages[5], stages[7], 'prod', 'ReviewedProd'],
  ] as const) {
    const reviewAction = review?.Actions[0] as Action & {
      InputArtifacts: { Name: string }[];
      OutputArtifacts: { Name: string }[];
      Namespace: string;
    };
    const action = deploy?.Actions[0] as Action & { InputArtifacts: { Name: string }[] };
    assert.is(action.ActionTypeId.Provider, 'CodeBuild');
    // The same built artifacts (with the review added) and the same projects: only the environment differs.
    assert.equal(reviewAction.InputArtifacts, [{ Name: 'Built' }]);
    assert.equal(reviewAction.OutputArtifacts, [{ Name: reviewed }]);
    assert.equal(action.InputArtifacts, [{ Name: reviewed }]);
    assert.equal(reviewAction.Configuration.ProjectName, { Ref: 'ReviewProject' } as unknown as string);
    assert.equal(action.Configuration.ProjectName, { Ref: 'DeployProject' } as unknown as string);
    for (const a of [reviewAction, action])
      assert.equal(JSON.parse(a.Configuration.EnvironmentVariables ?? '[]'), [
        { name: 'SERVAPP_ENV', value: env, type: 'PLAINTEXT' },
      ]);
  }
});

test('the approval: prod always waits for a person; dev only when its review needs one; both carry the summary', () => {
  type Approve = Stage & { BeforeEntry?: { Conditions: unknown[] } };
  const dev = pipeline.Stages[3] as Approve;
  const prod = pipeline.Stages[6] as Approve;
  assert.is(prod.BeforeEntry, undefined);
  assert.equal(dev.BeforeEntry?.Conditions, [
    {
      Result: 'SKIP',
      Rules: [
        {
          Name: 'ReviewNeedsApproval',
          RuleTypeId: { Category: 'Rule', Owner: 'AWS', Provider: 'VariableCheck', Version: '1' },
          Configuration: { Variable: '#{ReviewDev.REVIEW_NEEDS_APPROVAL}', Operator: 'EQ', Value: 'true' },
        },
      ],
    },
  ]);
  for (const [stage, env] of [
    [dev, 'Dev'],
    [prod, 'Prod'],
  ] as const) {
    const action = stage.Actions[0];
    assert.is(action?.ActionTypeId.Provider, 'Manual');
    assert.match(action?.Configuration.CustomData ?? '', `#{Review${env}.REVIEW_SUMMARY}`);
    assert.is(action?.Configuration.ExternalEntityLink, `#{Review${env}.REVIEW_URL}`);
  }
});

test('a single-environment pipeline stays possible: the default reviews and deploys dev on every push', () => {
  const single = resource(pipelineTemplate(), 'Pipeline').Properties.Stages as Stage[];
  assert.equal(
    single.map((s) => s.Name),
    ['Source', 'Build', 'ReviewDev', 'ApproveDev', 'DeployDev'],
  );
});

test('the review stage writes the review as an artifact and exports what the approval reads', () => {
  const spec = resource(template, 'ReviewProject').Properties.Source.BuildSpec as string;
  assert.ok(spec.includes('npm run -s diff -- --deployed --env'), spec);
  for (const piece of [
    'review/review.json',
    'review/review.md',
    'REVIEW_NEEDS_APPROVAL',
    'REVIEW_SUMMARY',
    'exported-variables',
  ])
    assert.ok(spec.includes(piece), piece);
  const deploy = resource(template, 'DeployProject').Properties.Source.BuildSpec as string;
  assert.ok(deploy.includes('--approved-review review/review.json'), deploy);
  // The review reads the deployed StackSets and nothing else.
  const cfn = statements('ReviewProjectRole').filter((s) =>
    s.Action.some((a) => a.startsWith('cloudformation:')),
  );
  assert.equal(
    cfn.map((s) => s.Action),
    [['cloudformation:DescribeStackSet']],
  );
});

test('the build runs npm ci, npm test, templates and bundles; the deploy runs the rollout script', () => {
  const build = resource(template, 'BuildProject').Properties.Source.BuildSpec as string;
  for (const command of ['npm ci', 'npm test', 'npm run build:templates', 'npm run build:lambdas'])
    assert.ok(build.includes(command), command);
  const deploy = resource(template, 'DeployProject').Properties.Source.BuildSpec as string;
  // The buildspec is YAML with double-quoted strings, so the command's own quotes are escaped.
  assert.ok(
    deploy.includes(
      'npm run rollout -- --env \\"$SERVAPP_ENV\\" --template \\"templates/$SERVAPP_ENV/regional.json\\"',
    ),
    deploy,
  );
});

test('the artifact store is KMS-encrypted with a rotated customer key', () => {
  assert.equal(pipeline.ArtifactStore.EncryptionKey, {
    Type: 'KMS',
    Id: { 'Fn::GetAtt': ['ArtifactKey', 'Arn'] },
  });
  assert.is(resource(template, 'ArtifactKey').Properties.EnableKeyRotation, true);
  const bucket = resource(template, 'ArtifactStoreBucket').Properties;
  assert.is(
    bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm,
    'aws:kms',
  );
});

test('CodeBuild logs are kept 7 days, encrypted', () => {
  const groups = resourcesOfType(template, 'AWS::Logs::LogGroup');
  assert.is(groups.length, 3);
  for (const [, group] of groups) {
    assert.is(group.Properties.RetentionInDays, 7);
    assert.ok(group.Properties.KmsKeyId);
  }
});

test('iam:PassRole only on the StackSet administration role, only to CloudFormation', () => {
  for (const id of ['BuildProjectRole', 'DeployProjectRole', 'PipelineRole']) {
    const pass = statements(id).filter((s) => s.Action.includes('iam:PassRole'));
    if (id !== 'DeployProjectRole') {
      assert.is(pass.length, 0, id);
      continue;
    }
    assert.is(pass.length, 1);
    assert.equal(pass[0]?.Action, ['iam:PassRole']);
    assert.ok(JSON.stringify(pass[0]?.Resource).endsWith(`:role/${STACKSET_ADMINISTRATION_ROLE_NAME}"}]`));
    assert.equal(pass[0]?.Condition, {
      StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' },
    });
  }
});

test('CloudFormation actions only on the StackSets of the environments it deploys and their instance stacks', () => {
  const cfn = statements('DeployProjectRole').filter((s) =>
    s.Action.some((a) => a.startsWith('cloudformation:')),
  );
  assert.ok(cfn.length > 0);
  for (const s of cfn) {
    for (const arn of JSON.stringify(s.Resource).match(/"Fn::Sub":"[^"]+"/g) ?? [])
      assert.match(
        arn,
        /(stackset|stackset-target)\/servapp-(dev|prod):\*|stack\/StackSet-servapp-(dev|prod)-\*/,
      );
  }
  for (const id of ['BuildProjectRole', 'PipelineRole'])
    assert.not.ok(
      statements(id).some((s) => s.Action.some((a) => a.startsWith('cloudformation:'))),
      id,
    );
});

test('no role has a wildcard action or Resource "*"', () => {
  for (const id of ['BuildProjectRole', 'ReviewProjectRole', 'DeployProjectRole', 'PipelineRole']) {
    for (const s of statements(id)) {
      assert.is.not(s.Resource, '*', `${id} ${s.Sid}`);
      for (const action of s.Action) assert.not.match(action, /\*/);
    }
  }
});

test('every taggable resource carries the six tags', () => {
  for (const [id, r] of Object.entries(template.Resources) as [
    string,
    { Type: string; Properties: { Tags?: { Key: string }[] } },
  ][]) {
    if (['AWS::KMS::Alias', 'AWS::S3::BucketPolicy'].includes(r.Type)) continue;
    assert.equal(
      r.Properties.Tags?.map((t) => t.Key),
      ['Project', 'ENVIRONMENT_SUFFIX', 'REGION', 'Environment', 'Team', 'CostCenter'],
      id,
    );
  }
});

test.run();
