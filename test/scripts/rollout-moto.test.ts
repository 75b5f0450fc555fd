/**
 * Bootstrap and rollout against moto server: the AWS calls, their order and their idempotence.
 *
 * What moto cannot check, and this test therefore does not claim:
 * - the regional stack's resources: moto does not import a REST API's OpenAPI body, so it cannot
 *   build the stack behind each instance (test/support/moto_server.py records the instance with an
 *   unmaterialised stack instead); the template is checked by cfn-lint, checkov and its own tests;
 * - instance outputs (moto reports a StackId for each instance that names no stack), so the
 *   summary says "outputs unavailable" here;
 * - operation progress and failures (moto finishes every operation at once, SUCCEEDED) and
 *   OperationPreferences (ignored): the mocked tests in rollout/run.test.ts cover those;
 * - updates reaching existing instances (moto's UpdateStackSet does not update them), and IAM
 *   (moto does not enforce the roles' policies: test/security/ simulates them);
 * - the functions' CodeSha256 after the operation (no stack, no function): rollout/run.test.ts.
 */
import {
  CloudFormationClient,
  DescribeStackSetCommand,
  ListStackInstancesCommand,
  ListStackSetOperationsCommand,
} from '@aws-sdk/client-cloudformation';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { HeadBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { deployStack } from '../../scripts/bootstrap/deploy-stack';
import { bootstrapParameters } from '../../scripts/bootstrap/parameters';
import { environmentTarget, lambdaDist } from '../../scripts/build-lambdas';
import { readBundles } from '../../scripts/rollout/bundles';
import { parseRolloutOptions, type RolloutOptions } from '../../scripts/rollout/options';
import { type RolloutDeps, rollout } from '../../scripts/rollout/run';
import { loadTemplate } from '../../scripts/rollout/template-source';
import { base64Sha256 } from '../../scripts/rollout/uploads';
import { FUNCTION_NAMES } from '../../src/contract';
import { BOOTSTRAP_STACK_NAME, stackSetName } from '../../src/conventions';
import { MOTO_ACCOUNT, MOTO_CREDENTIALS, motoEndpoint } from '../support/moto';
import { REPO_ROOT } from '../support/paths';
import { capture } from '../support/rollout-fixtures';

const test = suite('bootstrap and rollout against moto server: us-east-1 and us-west-2, rerun, update');
const REGIONS = ['us-east-1', 'us-west-2'];
// A first rollout grants every permission in the template: broadening, approved as a deployer would.
const options: RolloutOptions = parseRolloutOptions(['--env', 'dev', '--approve', 'broadening']);
const STACK_SET = stackSetName(options.environmentSuffix);

let endpoint = '';
const config = (region: string) => ({ region, endpoint, credentials: MOTO_CREDENTIALS });
const cf = (region = 'us-east-1') => new CloudFormationClient(config(region));
const s3 = (region: string) => new S3Client({ ...config(region), forcePathStyle: true });

function deps(out = capture()): RolloutDeps & { out: ReturnType<typeof capture> } {
  return {
    root: REPO_ROOT,
    homeRegion: 'us-east-1',
    cloudFormation: cf,
    s3,
    lambda: (region) => new LambdaClient(config(region)),
    sts: () => new STSClient(config('us-east-1')),
    out,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: Date.now,
    pollMs: 50,
    retryDelayMs: 50,
    retryAttempts: 3,
    writeStaleTemplates: false,
  };
}

async function operations(): Promise<number> {
  return (
    (await cf().send(new ListStackSetOperationsCommand({ StackSetName: STACK_SET }))).Summaries?.length ?? 0
  );
}

test.before(async () => {
  endpoint = await motoEndpoint();
});

test('bootstrap: a stack per region, the roles only in the first, a bucket in each; a rerun changes nothing', async () => {
  const template = loadTemplate(REPO_ROOT, 'bootstrap.json', { writeStale: false });
  const deploy = (region: string) =>
    deployStack(
      cf(region),
      {
        name: BOOTSTRAP_STACK_NAME,
        body: template.body,
        parameters: bootstrapParameters(region, REGIONS, 'servapp-artifacts', {}),
      },
      { pollMs: 50, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
    );
  const first = await Promise.all(REGIONS.map(deploy));
  assert.equal(
    first.map((r) => r.action),
    ['created', 'created'],
  );
  assert.equal(
    first[0]?.outputs.AdministrationRoleArn,
    `arn:aws:iam::${MOTO_ACCOUNT}:role/servapp-stackset-administration`,
  );
  assert.is(first[1]?.outputs.AdministrationRoleArn, undefined);
  for (const region of REGIONS)
    await s3(region).send(new HeadBucketCommand({ Bucket: `servapp-artifacts-${MOTO_ACCOUNT}-${region}` }));
  const second = await Promise.all(REGIONS.map(deploy));
  assert.equal(
    second.map((r) => r.action),
    ['unchanged', 'unchanged'],
  );
});

test('first rollout: zips in both regions, staged template, StackSet servapp-<suffix> with an instance in each region', async () => {
  const d = deps();
  assert.is(await rollout(options, d), 0, d.out.text());
  console.log(`      moto rollout output:\n${d.out.text().replace(/^/gm, '        ')}`);
  const { StackSet } = await cf().send(new DescribeStackSetCommand({ StackSetName: STACK_SET }));
  assert.is(StackSet?.PermissionModel, 'SELF_MANAGED');
  assert.is(
    StackSet?.AdministrationRoleARN,
    `arn:aws:iam::${MOTO_ACCOUNT}:role/servapp-stackset-administration`,
  );
  assert.is(StackSet?.ExecutionRoleName, 'servapp-stackset-execution');
  const { Summaries } = await cf().send(new ListStackInstancesCommand({ StackSetName: STACK_SET }));
  assert.equal(Summaries?.map((s) => s.Region).sort(), REGIONS);
  const bundles = readBundles(lambdaDist(environmentTarget('dev')));
  if (typeof bundles === 'string') throw new Error(bundles);
  // Each zip is stored with the SHA-256 it was uploaded with: what the next rollout verifies.
  for (const region of REGIONS)
    for (const b of bundles) {
      const head = await s3(region).send(
        new HeadObjectCommand({
          Bucket: `servapp-artifacts-${MOTO_ACCOUNT}-${region}`,
          Key: `lambda/${b.name}/${b.sha256}.zip`,
          ChecksumMode: 'ENABLED',
        }),
      );
      assert.is(head.ChecksumSHA256, base64Sha256(b.sha256), `${region} ${b.name}`);
    }
  // moto's instances name no stack, so there are no function ARNs to check CodeSha256 against.
  assert.match(d.out.text(), /code: not verified in us-west-2: its outputs are unavailable/);
  assert.match(d.out.text(), /template staged at https:\/\/servapp-artifacts-123456789012-us-east-1\.s3/);
  assert.is(await operations(), 1);
});

test('second rollout with nothing changed: exit 0, no upload, no operation', async () => {
  const d = deps();
  assert.is(await rollout(options, d), 0);
  // Every function's zip in each region, plus the staged template.
  const objects = FUNCTION_NAMES.length * REGIONS.length + 1;
  assert.match(d.out.text(), new RegExp(`0 uploaded, ${objects} already present`));
  assert.match(d.out.text(), /nothing to do/);
  assert.is(await operations(), 1);
});

test('update path: a changed parameter updates the StackSet; then a rerun is a no-op again', async () => {
  const before = await operations();
  const changed = { ...options, parameters: { AlarmEmail: 'ops@example.com' } };
  const d = deps();
  assert.is(await rollout(changed, d), 0, d.out.text());
  assert.match(
    d.out.text(),
    /parameter AlarmEmail: {2}→ ops@example\.com|parameter AlarmEmail: \(unset\) → ops@example\.com/,
  );
  const { StackSet } = await cf().send(new DescribeStackSetCommand({ StackSetName: STACK_SET }));
  assert.ok(
    StackSet?.Parameters?.some(
      (p) => p.ParameterKey === 'AlarmEmail' && p.ParameterValue === 'ops@example.com',
    ),
  );
  // moto records the StackSet update and its instance update as two operations.
  const after = await operations();
  assert.ok(after > before);
  const again = deps();
  assert.is(await rollout(changed, again), 0);
  assert.match(again.out.text(), /nothing to do/);
  assert.is(await operations(), after);
});

test('prod is a second StackSet, servapp-prod, in both regions from its own template; a rerun does nothing', async () => {
  // A first rollout: every grant in the template is new access, approved as a deployer would.
  const prod = parseRolloutOptions(['--env', 'prod', '--approve', 'broadening']);
  const d = deps();
  assert.is(await rollout(prod, d), 0, d.out.text());
  assert.match(d.out.text(), /template: templates\/prod\/regional\.json is fresh/);
  const name = stackSetName(prod.environmentSuffix);
  assert.is(name, 'servapp-prod');
  const { StackSet } = await cf().send(new DescribeStackSetCommand({ StackSetName: name }));
  assert.match(StackSet?.TemplateBody ?? '', /"BillingMode":"PROVISIONED"/);
  const { Summaries } = await cf().send(new ListStackInstancesCommand({ StackSetName: name }));
  assert.equal(Summaries?.map((s) => s.Region).sort(), REGIONS);
  const devInstances = await cf().send(new ListStackInstancesCommand({ StackSetName: STACK_SET }));
  assert.equal(devInstances.Summaries?.map((s) => s.Region).sort(), REGIONS);
  const again = deps();
  assert.is(await rollout(prod, again), 0);
  assert.match(again.out.text(), /nothing to do/);
});

test.run();
