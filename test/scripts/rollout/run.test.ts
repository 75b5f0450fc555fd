import {
  CloudFormationClient,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  DescribeStackSetCommand,
  DescribeStackSetOperationCommand,
  DescribeStacksCommand,
  ListStackInstancesCommand,
  ListStackSetOperationResultsCommand,
  OperationInProgressException,
  StackSetNotFoundException,
  UpdateStackSetCommand,
} from '@aws-sdk/client-cloudformation';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import {
  HeadBucketCommand,
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EXIT_NOT_COMPARED, parseRolloutOptions } from '../../../scripts/rollout/options';
import { stackSetParameters, toParameterList } from '../../../scripts/rollout/parameters';
import { OPERATION_PREFERENCES, type RolloutDeps, rollout } from '../../../scripts/rollout/run';
import { loadEnvironmentTemplate } from '../../../scripts/rollout/template-source';
import { base64Sha256 } from '../../../scripts/rollout/uploads';
import { FUNCTION_NAMES } from '../../../src/contract';
import { functionIds, REGIONAL_IDS, REGIONAL_OUTPUTS } from '../../../src/conventions';
import { REPO_ROOT } from '../../support/paths';
import { capture, fakeBundles } from '../../support/rollout-fixtures';

const test = suite('rollout against mocked AWS: uploads, create vs update, retries, failures, no-op');

const ACCOUNT = '111111111111';
const REGIONS = ['us-east-1', 'us-west-2'];
const ADMIN_ROLE = `arn:aws:iam::${ACCOUNT}:role/servapp-stackset-administration`;
// Mocks patch the client classes for the whole process, so they exist only while this suite runs.
let cf = mockClient(CloudFormationClient);
let s3 = mockClient(S3Client);
let sts = mockClient(STSClient);
let lambda = mockClient(LambdaClient);
cf.restore();
s3.restore();
sts.restore();
lambda.restore();
const bundles = fakeBundles();
/** Every function's zip in each region, plus the staged template. */
const OBJECTS_PER_ROLLOUT = bundles.length * REGIONS.length + 1;
const template = loadEnvironmentTemplate(REPO_ROOT, 'dev', { writeStale: false });
// A first rollout grants every permission in the template: broadening, approved as a deployer would.
const options = parseRolloutOptions(['--env', 'dev', '--approve', 'broadening']);
const parameters = stackSetParameters(template.document, {
  environmentSuffix: 'dev',
  artifactBucketPrefix: 'servapp-artifacts',
  bundles,
  configParameters: options.configParameters,
  overrides: {},
});
const sleeps: number[] = [];

async function rejectsWith(run: () => Promise<unknown>, pattern: RegExp): Promise<void> {
  const outcome = await run().then(
    () => undefined,
    (error: Error) => error,
  );
  assert.ok(outcome, 'expected a rejection');
  assert.match(outcome.message, pattern);
}

function deps(out = capture()): RolloutDeps & { out: ReturnType<typeof capture> } {
  return {
    root: REPO_ROOT,
    homeRegion: 'us-east-1',
    cloudFormation: () => new CloudFormationClient({ region: 'us-east-1' }),
    s3: (region) => new S3Client({ region }),
    lambda: (region) => new LambdaClient({ region }),
    sts: () => new STSClient({ region: 'us-east-1' }),
    out,
    sleep: async (ms) => void sleeps.push(ms),
    now: () => 0,
    pollMs: 1,
    retryDelayMs: 15_000,
    retryAttempts: 3,
    writeStaleTemplates: false,
    prepared: { bundles },
  };
}

const current = (region: string) => ({
  Region: region,
  Account: ACCOUNT,
  Status: 'CURRENT' as const,
  StackId: `stack-${region}`,
});

function succeeded(regions: string[]) {
  cf.on(DescribeStackSetOperationCommand).resolves({ StackSetOperation: { Status: 'SUCCEEDED' } });
  cf.on(ListStackSetOperationResultsCommand).resolves({
    Summaries: regions.map((Region) => ({ Region, Account: ACCOUNT, Status: 'SUCCEEDED' })),
  });
}

function existingStackSet(params = parameters) {
  cf.on(DescribeStackSetCommand).resolves({
    StackSet: {
      StackSetName: 'servapp-dev',
      TemplateBody: template.body,
      Parameters: toParameterList(params),
      AdministrationRoleARN: ADMIN_ROLE,
      ExecutionRoleName: 'servapp-stackset-execution',
    },
  });
}

/** The keys hold the content hash: an object uploaded with its checksum answers HeadObject with it. */
function storedWithChecksums() {
  s3.on(HeadObjectCommand).callsFake((input: { Key: string }) => ({
    ChecksumSHA256: base64Sha256(/([0-9a-f]{64})\.(zip|json)$/.exec(input.Key)?.[1] ?? ''),
    ChecksumType: 'FULL_OBJECT',
  }));
}

const functionArn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:servapp-dev-use1-${name}`;

/** Each function runs the zip of the same name, unless `other` says it runs other bytes. */
function deployedCode(other: Record<string, string> = {}) {
  lambda.on(GetFunctionConfigurationCommand).callsFake((input: { FunctionName: string }) => {
    const bundle = bundles.find((b) => input.FunctionName === functionArn(b.name));
    return { CodeSha256: other[bundle?.name ?? ''] ?? base64Sha256(bundle?.sha256 ?? '') };
  });
}

test.before(() => {
  cf = mockClient(CloudFormationClient);
  s3 = mockClient(S3Client);
  sts = mockClient(STSClient);
  lambda = mockClient(LambdaClient);
});

test.after(() => {
  cf.restore();
  s3.restore();
  sts.restore();
  lambda.restore();
});

test.before.each(() => {
  cf.reset();
  s3.reset();
  sts.reset();
  lambda.reset();
  deployedCode();
  sleeps.length = 0;
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/me` });
  s3.on(HeadBucketCommand).resolves({});
  s3.on(HeadObjectCommand).rejects(
    new NotFound({ message: 'not found', $metadata: { httpStatusCode: 404 } }),
  );
  s3.on(PutObjectCommand).resolves({});
  cf.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackName: 's',
        CreationTime: new Date(),
        StackStatus: 'CREATE_COMPLETE',
        Outputs: [
          { OutputKey: REGIONAL_OUTPUTS.apiEndpoint, OutputValue: 'https://api.example/v1' },
          ...FUNCTION_NAMES.map((fn) => ({
            OutputKey: functionIds(fn).arnOutput,
            OutputValue: functionArn(fn),
          })),
        ],
      },
    ],
  });
});

test('first rollout: uploads every zip to every region, stages the large template, creates the StackSet and both instances', async () => {
  cf.on(DescribeStackSetCommand).rejects(new StackSetNotFoundException({ message: 'none', $metadata: {} }));
  cf.on(CreateStackSetCommand).resolves({ StackSetId: 'servapp-dev:1' });
  cf.on(CreateStackInstancesCommand).resolves({ OperationId: 'op-1' });
  cf.on(ListStackInstancesCommand).resolves({ Summaries: REGIONS.map(current) });
  succeeded(REGIONS);
  const d = deps();
  assert.is(await rollout(options, d), 0);

  const puts = s3
    .commandCalls(PutObjectCommand)
    .map((c) => `${c.args[0].input.Bucket}/${c.args[0].input.Key}`);
  assert.is(puts.length, bundles.length * 2 + 1);
  for (const region of REGIONS)
    for (const b of bundles)
      assert.ok(puts.includes(`servapp-artifacts-${ACCOUNT}-${region}/lambda/${b.name}/${b.sha256}.zip`));
  assert.ok(
    puts.includes(`servapp-artifacts-${ACCOUNT}-us-east-1/templates/servapp-dev/${template.sha256}.json`),
  );
  // Each upload declares its SHA-256: S3 verifies the body and keeps it for later rollouts to check.
  for (const call of s3.commandCalls(PutObjectCommand)) {
    const input = call.args[0].input;
    assert.is(input.ChecksumAlgorithm, 'SHA256');
    assert.is(input.ChecksumSHA256, base64Sha256(/([0-9a-f]{64})\./.exec(input.Key ?? '')?.[1] ?? ''));
  }
  assert.match(d.out.text(), /code: 5 of 5 functions in us-west-2 run this rollout's zips/);

  const create = cf.commandCalls(CreateStackSetCommand)[0]?.args[0].input;
  assert.is(create?.PermissionModel, 'SELF_MANAGED');
  assert.equal(create?.Capabilities, ['CAPABILITY_NAMED_IAM']);
  assert.is(create?.TemplateBody, undefined);
  assert.match(
    create?.TemplateURL ?? '',
    /^https:\/\/servapp-artifacts-111111111111-us-east-1\.s3\.us-east-1\.amazonaws\.com\/templates\//,
  );
  assert.is(create?.AdministrationRoleARN, ADMIN_ROLE);
  const instances = cf.commandCalls(CreateStackInstancesCommand)[0]?.args[0].input;
  assert.equal(instances?.Regions, REGIONS);
  assert.equal(instances?.OperationPreferences, {
    RegionConcurrencyType: 'PARALLEL',
    FailureToleranceCount: 0,
    MaxConcurrentCount: 1,
  });
  assert.equal(OPERATION_PREFERENCES.RegionConcurrencyType, 'PARALLEL');
  assert.is(cf.commandCalls(UpdateStackSetCommand).length, 0);
  assert.match(d.out.text(), /us-west-2\s+SUCCEEDED/);
  assert.match(d.out.text(), `${REGIONAL_OUTPUTS.apiEndpoint} = https://api.example/v1`);
});

test('zips already in a bucket are not uploaded again', async () => {
  storedWithChecksums();
  existingStackSet();
  cf.on(ListStackInstancesCommand).resolves({ Summaries: REGIONS.map(current) });
  const d = deps();
  assert.is(await rollout(options, d), 0);
  assert.is(s3.commandCalls(PutObjectCommand).length, 0);
  assert.match(d.out.text(), new RegExp(`0 uploaded, ${OBJECTS_PER_ROLLOUT} already present`));
});

test('a zip already in a bucket with another checksum is refused before any StackSet operation', async () => {
  storedWithChecksums();
  const planted = bundles.find((b) => b.name === 'processor');
  s3.on(HeadObjectCommand, { Key: `lambda/processor/${planted?.sha256}.zip` }).resolves({
    ChecksumSHA256: base64Sha256('ab'.repeat(32)),
    ChecksumType: 'FULL_OBJECT',
  });
  existingStackSet({ ...parameters, UploadCodeKey: 'lambda/upload/old.zip' });
  await rejectsWith(() => rollout(options, deps()), /holds other bytes than this rollout's file.*Refusing/);
  assert.is(s3.commandCalls(PutObjectCommand).length, 0);
  assert.is(cf.commandCalls(UpdateStackSetCommand).length, 0);
  assert.is(cf.commandCalls(CreateStackInstancesCommand).length, 0);
});

test('a zip already in a bucket without a checksum (or with a composite one) is replaced with the local bytes', async () => {
  storedWithChecksums();
  const upload = bundles.find((b) => b.name === 'upload');
  const worker = bundles.find((b) => b.name === 'worker');
  s3.on(HeadObjectCommand, { Key: `lambda/upload/${upload?.sha256}.zip` }).resolves({});
  s3.on(HeadObjectCommand, { Key: `lambda/worker/${worker?.sha256}.zip` }).resolves({
    ChecksumSHA256: base64Sha256(worker?.sha256 ?? ''),
    ChecksumType: 'COMPOSITE',
  });
  existingStackSet();
  cf.on(ListStackInstancesCommand).resolves({ Summaries: REGIONS.map(current) });
  const d = deps();
  assert.is(await rollout(options, d), 0);
  const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
  assert.is(puts.length, REGIONS.length * 2);
  for (const put of puts) assert.match(put.Key ?? '', /^lambda\/(upload|worker)\//);
  assert.match(d.out.text(), /4 without a checksum replaced/);
});

test("a function that runs other code than this rollout's zip fails the rollout", async () => {
  storedWithChecksums();
  deployedCode({ results: base64Sha256('cd'.repeat(32)) });
  existingStackSet();
  cf.on(ListStackInstancesCommand).resolves({ Summaries: REGIONS.map(current) });
  const d = deps();
  assert.is(await rollout(options, d), 1);
  assert.match(
    d.out.text(),
    /servapp-dev-use1-results runs code with sha256 .* not this rollout's results zip/,
  );
  assert.match(d.out.text(), /rollout FAILED/);
});

test('nothing changed: exits 0 without any operation', async () => {
  storedWithChecksums();
  existingStackSet();
  cf.on(ListStackInstancesCommand).resolves({ Summaries: REGIONS.map(current) });
  const d = deps();
  assert.is(await rollout(options, d), 0);
  assert.is(cf.commandCalls(CreateStackSetCommand).length, 0);
  assert.is(cf.commandCalls(UpdateStackSetCommand).length, 0);
  assert.is(cf.commandCalls(CreateStackInstancesCommand).length, 0);
  assert.match(d.out.text(), /nothing to do/);
});

test('a changed parameter updates the StackSet (all instances, parallel, no tolerance); a missing region is added', async () => {
  existingStackSet({ ...parameters, UploadCodeKey: 'lambda/upload/old.zip' });
  cf.on(ListStackInstancesCommand).resolves({ Summaries: [current('us-east-1')] });
  cf.on(UpdateStackSetCommand).resolves({ OperationId: 'op-u' });
  cf.on(CreateStackInstancesCommand).resolves({ OperationId: 'op-c' });
  succeeded(REGIONS);
  const d = deps();
  assert.is(await rollout(options, d), 0);
  const update = cf.commandCalls(UpdateStackSetCommand)[0]?.args[0].input;
  assert.equal(update?.OperationPreferences, OPERATION_PREFERENCES);
  assert.equal(update?.Regions, ['us-east-1']);
  assert.equal(update?.Accounts, [ACCOUNT]);
  assert.ok(
    update?.Parameters?.some(
      (p) =>
        p.ParameterKey === functionIds('upload').codeKeyParameter &&
        p.ParameterValue === parameters.UploadCodeKey,
    ),
  );
  assert.equal(cf.commandCalls(CreateStackInstancesCommand)[0]?.args[0].input.Regions, ['us-west-2']);
  assert.match(d.out.text(), /parameter UploadCodeKey: lambda\/upload\/old\.zip →/);
});

test('OperationInProgressException: waits and retries', async () => {
  existingStackSet({ ...parameters, UploadCodeKey: 'lambda/upload/old.zip' });
  cf.on(ListStackInstancesCommand).resolves({ Summaries: REGIONS.map(current) });
  cf.on(UpdateStackSetCommand)
    .rejectsOnce(new OperationInProgressException({ message: 'busy', $metadata: {} }))
    .resolves({ OperationId: 'op-u' });
  succeeded(REGIONS);
  const d = deps();
  assert.is(await rollout(options, d), 0);
  assert.is(cf.commandCalls(UpdateStackSetCommand).length, 2);
  assert.ok(sleeps.includes(15_000));
  assert.match(d.out.text(), /another operation is running on servapp-dev; waiting 15 s \(attempt 1\/3\)/);
  // The same operation id on the retry: CloudFormation treats it as one request.
  const ids = cf.commandCalls(UpdateStackSetCommand).map((c) => c.args[0].input.OperationId);
  assert.is(ids[0], ids[1]);
});

test('OperationInProgressException that never clears: gives up with the error', async () => {
  existingStackSet({ ...parameters, UploadCodeKey: 'lambda/upload/old.zip' });
  cf.on(ListStackInstancesCommand).resolves({ Summaries: REGIONS.map(current) });
  cf.on(UpdateStackSetCommand).rejects(new OperationInProgressException({ message: 'busy', $metadata: {} }));
  await rejectsWith(() => rollout(options, deps()), /busy/);
  assert.is(cf.commandCalls(UpdateStackSetCommand).length, 3);
});

test('a failed instance: exit 1 with the region and its status reason', async () => {
  existingStackSet({ ...parameters, UploadCodeKey: 'lambda/upload/old.zip' });
  cf.on(ListStackInstancesCommand).resolves({
    Summaries: [
      current('us-east-1'),
      {
        ...current('us-west-2'),
        Status: 'OUTDATED',
        StatusReason: `ResourceLogicalId:${REGIONAL_IDS.dataKey}`,
      },
    ],
  });
  cf.on(UpdateStackSetCommand).resolves({ OperationId: 'op-u' });
  cf.on(DescribeStackSetOperationCommand).resolves({ StackSetOperation: { Status: 'FAILED' } });
  cf.on(ListStackSetOperationResultsCommand).resolves({
    Summaries: [
      {
        Region: 'us-east-1',
        Account: ACCOUNT,
        Status: 'CANCELLED',
        StatusReason: 'Cancelled since failure tolerance has exceeded',
      },
      {
        Region: 'us-west-2',
        Account: ACCOUNT,
        Status: 'FAILED',
        StatusReason: `ResourceLogicalId:${REGIONAL_IDS.dataKey}, ResourceType:AWS::KMS::Key, ResourceStatusReason:Access denied`,
      },
    ],
  });
  const d = deps();
  assert.is(await rollout(options, d), 1);
  assert.match(
    d.out.text(),
    new RegExp(
      `rollout FAILED:[\\s\\S]*us-west-2: FAILED \\(ResourceLogicalId:${REGIONAL_IDS.dataKey}, ResourceType:AWS::KMS::Key, ResourceStatusReason:Access denied\\)`,
    ),
  );
  assert.match(
    d.out.text(),
    new RegExp(`us-west-2\\s+OUTDATED\\s+ResourceLogicalId:${REGIONAL_IDS.dataKey}`),
  );
});

test('--dry-run reads but neither uploads nor starts an operation', async () => {
  cf.on(DescribeStackSetCommand).rejects(new StackSetNotFoundException({ message: 'none', $metadata: {} }));
  const d = deps();
  assert.is(await rollout({ ...options, dryRun: true }, d), 0);
  assert.is(s3.commandCalls(PutObjectCommand).length, 0);
  assert.is(cf.commandCalls(CreateStackSetCommand).length, 0);
  assert.match(d.out.text(), new RegExp(`${OBJECTS_PER_ROLLOUT} would be uploaded`));
  assert.match(d.out.text(), /create the StackSet/);
});

test('a region the template does not serve is refused before any AWS call, lint or bundle', async () => {
  const d = deps();
  await rejectsWith(
    () => rollout({ ...options, regions: ['us-east-1', 'eu-west-1'] }, d),
    /serves only us-east-1, us-west-2 \(its RegionIds mapping\), not eu-west-1/,
  );
  assert.is(sts.calls().length + s3.calls().length + cf.calls().length, 0);
  assert.is(d.out.text(), '');
});

test('--dry-run without credentials prints the local plan and says what it could not compare', async () => {
  const noCredentials = Object.assign(new Error('Could not load credentials from any providers'), {
    name: 'CredentialsProviderError',
  });
  sts.on(GetCallerIdentityCommand).rejects(noCredentials);
  const d = deps();
  assert.is(
    await rollout({ ...options, dryRun: true, parameters: { AlarmEmail: 'ops@example.com' } }, d),
    EXIT_NOT_COMPARED,
  );
  const text = d.out.text();
  assert.match(
    text,
    `template: ${template.body.length.toLocaleString('en-US')} bytes minified, sha256 ${template.sha256}`,
  );
  assert.match(text, /over the 51,200-byte inline limit: staged in S3 \(TemplateURL\)/);
  for (const bundle of bundles) assert.match(text, new RegExp(`${bundle.name}\\s+sha256 ${bundle.sha256}`));
  for (const [key, value] of Object.entries({ ...parameters, AlarmEmail: 'ops@example.com' }))
    assert.match(text, `    ${key} = ${value}\n`);
  assert.match(text, /instances in us-east-1, us-west-2/);
  assert.match(
    text,
    /could not compare with AWS: the StackSet servapp-dev's current template, parameters and instances, and which artifacts the buckets already hold; no AWS credentials were found \(Could not load credentials from any providers\)\ndry run: nothing was changed, and the plan above is not compared with AWS \(exit 3\)\n$/,
  );
  assert.is(s3.calls().length + cf.calls().length, 0);
});

test('a real rollout without credentials fails rather than pretending', async () => {
  sts
    .on(GetCallerIdentityCommand)
    .rejects(Object.assign(new Error('Could not load credentials'), { name: 'CredentialsProviderError' }));
  await rejectsWith(() => rollout(options, deps()), /Could not load credentials/);
  assert.is(s3.calls().length + cf.calls().length, 0);
});

test('a region without its artifact bucket is refused before anything is uploaded', async () => {
  s3.on(HeadBucketCommand).rejects(
    new NotFound({ message: 'no bucket', $metadata: { httpStatusCode: 404 } }),
  );
  await rejectsWith(() => rollout(options, deps()), /does not exist in us-east-1: run npm run bootstrap/);
  assert.is(s3.commandCalls(PutObjectCommand).length, 0);
});

test.run();
