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

test('stages: source → build and test → deploy dev → manual approval → deploy prod, from one build', () => {
  const stages = pipeline.Stages as Stage[];
  assert.equal(
    stages.map((s) => s.Name),
    ['Source', 'Build', 'DeployDev', 'ApproveProd', 'DeployProd'],
  );
  const approval = stages[3]?.Actions[0];
  assert.is(approval?.ActionTypeId.Provider, 'Manual');
  assert.match(approval?.Configuration.CustomData ?? '', /templates\/prod\/regional\.json/);
  for (const [stage, env] of [
    [stages[2], 'dev'],
    [stages[4], 'prod'],
  ] as const) {
    const action = stage?.Actions[0] as Action & { InputArtifacts: { Name: string }[] };
    assert.is(action.ActionTypeId.Provider, 'CodeBuild');
    // The same built artifacts and the same project: only the environment differs.
    assert.equal(action.InputArtifacts, [{ Name: 'Built' }]);
    assert.equal(action.Configuration.ProjectName, { Ref: 'DeployProject' } as unknown as string);
    assert.equal(JSON.parse(action.Configuration.EnvironmentVariables ?? '[]'), [
      { name: 'SERVAPP_ENV', value: env, type: 'PLAINTEXT' },
    ]);
  }
});

test('a single-environment pipeline stays possible: the default deploys dev on every push', () => {
  const single = resource(pipelineTemplate(), 'Pipeline').Properties.Stages as Stage[];
  assert.equal(
    single.map((s) => s.Name),
    ['Source', 'Build', 'DeployDev'],
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
  assert.is(groups.length, 2);
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
  for (const id of ['BuildProjectRole', 'DeployProjectRole', 'PipelineRole']) {
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
