import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bootstrapTemplate } from '../../src/bootstrap';
import {
  DEFAULT_ARTIFACT_BUCKET_PREFIX,
  STACKSET_ADMINISTRATION_ROLE_NAME,
  STACKSET_EXECUTION_ROLE_NAME,
} from '../../src/conventions';
import { regionalTemplate } from '../../src/regional';
import { resource } from '../support/template';

const test = suite('bootstrap stack: StackSet roles once per account, one artifact bucket per region');
const template = bootstrapTemplate();

test('the StackSet roles are created only where CreateAccountResources is true (IAM is global)', () => {
  for (const id of ['StackSetAdministrationRole', 'StackSetExecutionRole']) {
    assert.is(resource(template, id).Condition, 'CreateAccountResourcesHere');
  }
  assert.equal(template.Conditions?.CreateAccountResourcesHere, {
    'Fn::Equals': [{ Ref: 'CreateAccountResources' }, 'true'],
  });
});

test('the administration role is trusted by CloudFormation in this account and may only assume the execution role', () => {
  const role = resource(template, 'StackSetAdministrationRole');
  assert.is(role.Properties.RoleName, STACKSET_ADMINISTRATION_ROLE_NAME);
  const trust = role.Properties.AssumeRolePolicyDocument.Statement[0];
  assert.equal(trust.Principal, { Service: 'cloudformation.amazonaws.com' });
  assert.ok(trust.Condition.StringEquals['aws:SourceAccount']);
  const statements = role.Properties.Policies[0].PolicyDocument.Statement;
  assert.is(statements.length, 1);
  assert.equal(statements[0].Action, ['sts:AssumeRole']);
  assert.ok(JSON.stringify(statements[0].Resource).includes(`:role/${STACKSET_EXECUTION_ROLE_NAME}`));
});

test('the execution role trusts only the administration role and is not AdministratorAccess', () => {
  const role = resource(template, 'StackSetExecutionRole');
  assert.is(role.Properties.RoleName, STACKSET_EXECUTION_ROLE_NAME);
  assert.equal(role.Properties.AssumeRolePolicyDocument.Statement[0].Principal, {
    AWS: { 'Fn::GetAtt': ['StackSetAdministrationRole', 'Arn'] },
  });
  assert.is(role.Properties.ManagedPolicyArns, undefined);
  const statements: { Action: string[]; Resource: unknown }[] =
    role.Properties.Policies[0].PolicyDocument.Statement;
  for (const s of statements) for (const action of s.Action) assert.not.match(action, /\*/);
});

test('the execution role may act on every resource type the regional stack declares', () => {
  const services: Record<string, string> = {
    'AWS::S3::Bucket': 's3:CreateBucket',
    'AWS::S3::BucketPolicy': 's3:PutBucketPolicy',
    'AWS::SNS::Topic': 'sns:CreateTopic',
    'AWS::SNS::Subscription': 'sns:Subscribe',
    'AWS::Logs::LogGroup': 'logs:CreateLogGroup',
    'AWS::IAM::Role': 'iam:CreateRole',
    'AWS::KMS::Key': 'kms:CreateKey',
    'AWS::KMS::Alias': 'kms:CreateAlias',
    'AWS::SQS::Queue': 'sqs:CreateQueue',
    'AWS::DynamoDB::Table': 'dynamodb:CreateTable',
    'AWS::CloudWatch::Alarm': 'cloudwatch:PutMetricAlarm',
    'AWS::Lambda::Function': 'lambda:CreateFunction',
    'AWS::Lambda::Permission': 'lambda:AddPermission',
    'AWS::Lambda::EventInvokeConfig': 'lambda:PutFunctionEventInvokeConfig',
    'AWS::Lambda::EventSourceMapping': 'lambda:CreateEventSourceMapping',
    'AWS::CloudWatch::Dashboard': 'cloudwatch:PutDashboard',
    'AWS::ApiGateway::RestApi': 'apigateway:POST',
    'AWS::ApiGateway::Deployment': 'apigateway:POST',
    'AWS::ApiGateway::Stage': 'apigateway:POST',
    'AWS::ApiGateway::Account': 'apigateway:PATCH',
    'AWS::CloudFormation::WaitConditionHandle': 'cloudformation:CreateStack',
  };
  const allowed = new Set(
    resource(template, 'StackSetExecutionRole').Properties.Policies[0].PolicyDocument.Statement.flatMap(
      (s: { Action: string[] }) => s.Action,
    ),
  );
  const types = new Set(Object.values(regionalTemplate().Resources).map((r) => (r as { Type: string }).Type));
  for (const type of types) {
    const action = services[type];
    assert.ok(action, `no expectation for ${type}: add it here and to src/bootstrap/execution-policy.ts`);
    assert.ok(allowed.has(action), `${type} needs ${action}`);
  }
});

test('the artifact bucket is named by convention, encrypted, private, TLS only, and old artifacts expire', () => {
  const bucket = resource(template, 'ArtifactBucket');
  assert.equal(bucket.Properties.BucketName, {
    'Fn::Sub': '${ArtifactBucketPrefix}-${AWS::AccountId}-${AWS::Region}',
  });
  assert.is(
    bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault
      .SSEAlgorithm,
    'AES256',
  );
  assert.equal(Object.values(bucket.Properties.PublicAccessBlockConfiguration), [true, true, true, true]);
  assert.ok(bucket.Properties.LifecycleConfiguration.Rules[0].ExpirationInDays > 0);
  const policy = resource(template, 'ArtifactBucketPolicy').Properties.PolicyDocument.Statement;
  assert.ok(
    policy.some(
      (s: { Effect: string; Condition: unknown }) =>
        s.Effect === 'Deny' && JSON.stringify(s.Condition).includes('aws:SecureTransport'),
    ),
  );
});

test("the artifact bucket prefix agrees with the regional stack's default", () => {
  const regional = regionalTemplate().Parameters as Record<string, { Default?: string }>;
  assert.is(regional.ArtifactBucketPrefix?.Default, DEFAULT_ARTIFACT_BUCKET_PREFIX);
  assert.is(
    (template.Parameters as Record<string, { Default?: string }>).ArtifactBucketPrefix?.Default,
    DEFAULT_ARTIFACT_BUCKET_PREFIX,
  );
});

test('every taggable resource carries the six tags', () => {
  for (const id of ['ArtifactBucket', 'StackSetAdministrationRole', 'StackSetExecutionRole']) {
    const keys = resource(template, id).Properties.Tags.map((t: { Key: string }) => t.Key);
    assert.equal(keys, ['Project', 'ENVIRONMENT_SUFFIX', 'REGION', 'Environment', 'Team', 'CostCenter']);
  }
});

test.run();
