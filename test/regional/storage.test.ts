import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { functionIds, REGIONAL_IDS, tableIds } from '../../src/conventions';
import { regionalTemplate } from '../../src/regional';
import { dependencyGraph, findCycle, resource, resourcesOfType } from '../support/template';

const test = suite('regional stack: KMS, DynamoDB, S3');
const template = regionalTemplate();

test('a customer-managed KMS key with rotation on encrypts the data', () => {
  const key = resource(template, REGIONAL_IDS.dataKey).Properties;
  assert.is(key.EnableKeyRotation, true);
  assert.is(key.RotationPeriodInDays, 365);
  assert.ok(
    resource(template, REGIONAL_IDS.dataKeyAlias).Properties.AliasName['Fn::Sub'][0].startsWith(
      'alias/servapp-',
    ),
  );
});

test('market-data table: partition key symbol, sort key timestamp, on-demand billing', () => {
  const table = resource(template, REGIONAL_IDS.marketDataTable).Properties;
  assert.equal(table.KeySchema, [
    { AttributeName: 'symbol', KeyType: 'HASH' },
    { AttributeName: 'timestamp', KeyType: 'RANGE' },
  ]);
  assert.is(table.BillingMode, 'PAY_PER_REQUEST');
  assert.equal(table.OnDemandThroughput, {
    MaxReadRequestUnits: { Ref: 'MarketDataMaxReadRequestUnits' },
    MaxWriteRequestUnits: { Ref: 'MarketDataMaxWriteRequestUnits' },
  });
  assert.not.ok(table.ProvisionedThroughput);
});

test('both tables: contributor insights, point-in-time recovery, KMS encryption with the customer key', () => {
  for (const id of [REGIONAL_IDS.marketDataTable, REGIONAL_IDS.jobsTable]) {
    const table = resource(template, id).Properties;
    assert.equal(table.ContributorInsightsSpecification, {
      Enabled: true,
      Mode: 'ACCESSED_AND_THROTTLED_KEYS',
    });
    assert.equal(table.PointInTimeRecoverySpecification, {
      PointInTimeRecoveryEnabled: true,
      RecoveryPeriodInDays: 35,
    });
    assert.equal(table.SSESpecification, {
      KMSMasterKeyId: { 'Fn::GetAtt': [REGIONAL_IDS.dataKey, 'Arn'] },
      SSEEnabled: true,
      SSEType: 'KMS',
    });
  }
});

test('job state lives in its own table, keyed by job id, expiring by TTL', () => {
  const jobs = resource(template, REGIONAL_IDS.jobsTable).Properties;
  assert.equal(jobs.KeySchema, [{ AttributeName: 'jobId', KeyType: 'HASH' }]);
  assert.equal(jobs.TimeToLiveSpecification, { AttributeName: 'expiresAtEpoch', Enabled: true });
});

test('destruction prevention is off by default: data stores are deleted with the stack', () => {
  for (const id of [
    REGIONAL_IDS.marketDataTable,
    REGIONAL_IDS.jobsTable,
    REGIONAL_IDS.uploadBucket,
    REGIONAL_IDS.dataKey,
  ]) {
    assert.is(resource(template, id).DeletionPolicy, 'Delete', id);
  }
  assert.is(resource(template, REGIONAL_IDS.marketDataTable).Properties.DeletionProtectionEnabled, false);
});

test('destruction prevention on: data stores are retained and tables protected', () => {
  const protectedTemplate = regionalTemplate({ deletionProtection: true });
  for (const id of [
    REGIONAL_IDS.marketDataTable,
    REGIONAL_IDS.jobsTable,
    REGIONAL_IDS.uploadBucket,
    REGIONAL_IDS.dataKey,
    functionIds('processor').deadLetterQueue,
  ]) {
    assert.is(resource(protectedTemplate, id).DeletionPolicy, 'Retain', id);
    assert.is(resource(protectedTemplate, id).UpdateReplacePolicy, 'Retain', id);
  }
  assert.is(resource(protectedTemplate, REGIONAL_IDS.jobsTable).Properties.DeletionProtectionEnabled, true);
});

test('no autoscaling in on-demand mode (Application Auto Scaling manages provisioned capacity only)', () => {
  assert.is(resourcesOfType(template, 'AWS::ApplicationAutoScaling::ScalableTarget').length, 0);
});

test('provisioned billing adds read and write autoscaling to each table', () => {
  const provisioned = regionalTemplate({
    billingMode: 'PROVISIONED',
    provisioned: { read: { min: 10, max: 500 }, write: { min: 20, max: 800 }, targetUtilisationPercent: 60 },
  });
  const table = resource(provisioned, REGIONAL_IDS.marketDataTable).Properties;
  assert.is(table.BillingMode, 'PROVISIONED');
  assert.equal(table.ProvisionedThroughput, { ReadCapacityUnits: 10, WriteCapacityUnits: 20 });
  assert.not.ok(table.OnDemandThroughput);
  const targets = resourcesOfType(provisioned, 'AWS::ApplicationAutoScaling::ScalableTarget');
  assert.is(targets.length, 4);
  const write = resource(
    provisioned,
    tableIds(REGIONAL_IDS.marketDataTable, 'Write').scalableTarget,
  ).Properties;
  assert.is(write.ScalableDimension, 'dynamodb:table:WriteCapacityUnits');
  assert.is(write.MinCapacity, 20);
  assert.is(write.MaxCapacity, 800);
  const policy = resource(
    provisioned,
    tableIds(REGIONAL_IDS.marketDataTable, 'Write').scalingPolicy,
  ).Properties;
  assert.is(policy.PolicyType, 'TargetTrackingScaling');
  assert.is(policy.TargetTrackingScalingPolicyConfiguration.TargetValue, 60);
  assert.is(
    policy.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType,
    'DynamoDBWriteCapacityUtilization',
  );
});

test('upload bucket: KMS encryption, public access blocked, TLS-only policy', () => {
  const bucket = resource(template, REGIONAL_IDS.uploadBucket).Properties;
  const sse = bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault;
  assert.is(sse.SSEAlgorithm, 'aws:kms');
  assert.equal(Object.values(bucket.PublicAccessBlockConfiguration), [true, true, true, true]);
  const statements = resource(template, REGIONAL_IDS.uploadBucketPolicy).Properties.PolicyDocument.Statement;
  const insecure = statements.find((s: { Sid: string }) => s.Sid === 'DenyInsecureTransport');
  assert.is(insecure.Effect, 'Deny');
  assert.equal(insecure.Condition, { Bool: { 'aws:SecureTransport': 'false' } });
});

test('upload bucket access is logged to a separate access-log bucket that is itself locked down', () => {
  const upload = resource(template, REGIONAL_IDS.uploadBucket).Properties;
  assert.equal(upload.LoggingConfiguration, {
    DestinationBucketName: { Ref: REGIONAL_IDS.accessLogBucket },
    LogFilePrefix: 'upload-bucket/',
  });
  const logs = resource(template, REGIONAL_IDS.accessLogBucket).Properties;
  // S3 cannot deliver server access logs into an SSE-KMS bucket.
  assert.is(
    logs.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm,
    'AES256',
  );
  assert.equal(Object.values(logs.PublicAccessBlockConfiguration), [true, true, true, true]);
  const statements = resource(template, REGIONAL_IDS.accessLogBucketPolicy).Properties.PolicyDocument
    .Statement;
  assert.ok(statements.some((s: { Sid: string }) => s.Sid === 'DenyInsecureTransport'));
  const delivery = statements.find((s: { Sid: string }) => s.Sid === 'AllowS3ServerAccessLogs');
  assert.equal(delivery.Principal, { Service: 'logging.s3.amazonaws.com' });
  assert.ok(delivery.Condition.StringEquals['aws:SourceAccount']);
});

test('upload bucket: objects are deleted after 30 days', () => {
  const rule = resource(template, REGIONAL_IDS.uploadBucket).Properties.LifecycleConfiguration.Rules[0];
  assert.is(rule.Status, 'Enabled');
  assert.is(rule.ExpirationInDays, 30);
});

test('upload bucket notifies the processor of new objects under incoming/', () => {
  const [config] = resource(template, REGIONAL_IDS.uploadBucket).Properties.NotificationConfiguration
    .LambdaConfigurations;
  assert.is(config.Event, 's3:ObjectCreated:*');
  assert.equal(config.Filter.S3Key.Rules, [{ Name: 'prefix', Value: 'incoming/' }]);
  assert.equal(config.Function, { 'Fn::GetAtt': [functionIds('processor').function, 'Arn'] });
});

test('no circular dependency: the bucket waits for a permission whose SourceArn is a built string', () => {
  const bucket = resource(template, REGIONAL_IDS.uploadBucket);
  assert.equal(bucket.DependsOn, [functionIds('processor').s3InvokePermission]);
  const permission = resource(template, functionIds('processor').s3InvokePermission).Properties;
  assert.equal(permission.SourceArn, {
    'Fn::Sub':
      'arn:${AWS::Partition}:s3:::servapp-${EnvironmentSuffix}-uploads-${AWS::AccountId}-${AWS::Region}',
  });
  assert.equal(permission.SourceAccount, { 'Fn::Sub': '${AWS::AccountId}' });
  assert.is(findCycle(dependencyGraph(template)), undefined);
});

test('the cycle finder finds a cycle when there is one', () => {
  const graph = new Map([
    ['A', new Set(['B'])],
    ['B', new Set(['C'])],
    ['C', new Set(['A'])],
  ]);
  assert.equal(findCycle(graph), ['A', 'B', 'C', 'A']);
});

test.run();
