/**
 * The change review and its gate in the rollout, against moto server (StackSets have no change
 * sets: the review compares DescribeStackSet's template and parameters with what would deploy).
 *
 * The rollout always deploys what src/ builds, so the key-schema case puts the other key schema
 * into the deployed StackSet first (an UpdateStackSet with the built template, one property
 * changed); the rollout then changes it back, which is the key-schema change under review.
 */

import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CloudFormationClient,
  DeleteStackInstancesCommand,
  DeleteStackSetCommand,
  DescribeStackSetCommand,
  UpdateStackSetCommand,
} from '@aws-sdk/client-cloudformation';
import { LambdaClient } from '@aws-sdk/client-lambda';
import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildLambdas, environmentTarget, lambdaDist } from '../../../scripts/build-lambdas';
import { NEEDS_APPROVAL_EXIT_CODE } from '../../../scripts/review/gate';
import { ensureBundles, readBundles } from '../../../scripts/rollout/bundles';
import { parseRolloutOptions, type RolloutOptions } from '../../../scripts/rollout/options';
import { type RolloutDeps, rollout } from '../../../scripts/rollout/run';
import { loadEnvironmentTemplate } from '../../../scripts/rollout/template-source';
import { MOTO_ACCOUNT, MOTO_CREDENTIALS, motoEndpoint } from '../../support/moto';
import { REPO_ROOT } from '../../support/paths';
import { capture } from '../../support/rollout-fixtures';
import { scratchCheckout } from '../../support/scratch-checkout';

const test = suite('rollout review and gate against moto: key schema, no changes, a handler changed');
const REGIONS = ['us-east-1', 'us-west-2'];
const PREFIX = 'servapp-review';
/** The dev environment's StackSet; deleted at the end, so that other suites find none. */
const STACK_SET = 'servapp-dev';
const TARGET = environmentTarget('dev');

let endpoint = '';
const config = (region: string) => ({ region, endpoint, credentials: MOTO_CREDENTIALS });
const cf = () => new CloudFormationClient(config('us-east-1'));
const s3 = (region: string) => new S3Client({ ...config(region), forcePathStyle: true });

function deps(
  root: string,
  bundles?: ReturnType<typeof readBundles>,
): RolloutDeps & { out: ReturnType<typeof capture> } {
  return {
    root,
    homeRegion: 'us-east-1',
    cloudFormation: cf,
    s3,
    sts: () => new STSClient(config('us-east-1')),
    lambda: (region) => new LambdaClient(config(region)),
    out: capture(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: Date.now,
    pollMs: 50,
    retryDelayMs: 50,
    retryAttempts: 3,
    writeStaleTemplates: false,
    ...(bundles && typeof bundles !== 'string' ? { prepared: { bundles } } : {}),
  };
}

const options = (...flags: string[]): RolloutOptions =>
  parseRolloutOptions(['--env', 'dev', '--artifact-bucket-prefix', PREFIX, ...flags]);

let repoBundles: ReturnType<typeof readBundles> = [];

test.before(async () => {
  endpoint = await motoEndpoint();
  for (const region of REGIONS)
    await s3(region).send(
      new CreateBucketCommand({
        Bucket: `${PREFIX}-${MOTO_ACCOUNT}-${region}`,
        ...(region === 'us-east-1'
          ? {}
          : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      }),
    );
  repoBundles = await ensureBundles(REPO_ROOT, () => {}, TARGET);
});

test.after(async () => {
  await cf().send(
    new DeleteStackInstancesCommand({
      StackSetName: STACK_SET,
      Accounts: [MOTO_ACCOUNT],
      Regions: REGIONS,
      RetainStacks: false,
    }),
  );
  await cf().send(new DeleteStackSetCommand({ StackSetName: STACK_SET }));
});

test('a first rollout grants every permission in the template: refused without --approve broadening', async () => {
  const d = deps(REPO_ROOT, repoBundles);
  assert.is(await rollout(options(), d), NEEDS_APPROVAL_EXIT_CODE, d.out.text());
  assert.match(d.out.text(), /--approve broadening/);
  assert.match(d.out.text(), /the rollout needs approval and changed nothing/);
  const approved = deps(REPO_ROOT, repoBundles);
  assert.is(await rollout(options('--approve', 'broadening'), approved), 0, approved.out.text());
});

test('npm run diff --deployed with nothing changed prints "no changes"', () => {
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(REPO_ROOT, 'scripts', 'diff.ts'),
      '--deployed',
      '--env',
      'dev',
      '--artifact-bucket-prefix',
      PREFIX,
    ],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: {
        ...process.env,
        AWS_ENDPOINT_URL: endpoint,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_REGION: 'us-east-1',
      },
    },
  );
  assert.is(run.status, 0, run.stderr);
  assert.match(
    run.stdout,
    /review: StackSet servapp-dev as deployed → templates\/dev\/regional\.json with its bundles\nsummary: no changes/,
  );
});

test('a key-schema change: replace + data loss; refused (exit 3) without approval, goes ahead with --approve replacement', async () => {
  // The deployed StackSet gets a table keyed by symbol only.
  const template = loadEnvironmentTemplate(REPO_ROOT, 'dev', { writeStale: false });
  const other = JSON.parse(template.body) as {
    Resources: { MarketDataTable: { Properties: { KeySchema: unknown } } };
  };
  other.Resources.MarketDataTable.Properties.KeySchema = [{ AttributeName: 'symbol', KeyType: 'HASH' }];
  const key = 'templates/review-test/other-key-schema.json';
  await s3('us-east-1').send(
    new PutObjectCommand({
      Bucket: `${PREFIX}-${MOTO_ACCOUNT}-us-east-1`,
      Key: key,
      Body: JSON.stringify(other),
    }),
  );
  const { StackSet } = await cf().send(new DescribeStackSetCommand({ StackSetName: STACK_SET }));
  await cf().send(
    new UpdateStackSetCommand({
      StackSetName: STACK_SET,
      // The URL form the rollout stages templates under (moto reads it from its own S3).
      TemplateURL: `https://${PREFIX}-${MOTO_ACCOUNT}-us-east-1.s3.us-east-1.amazonaws.com/${key}`,
      Parameters: StackSet?.Parameters,
      Capabilities: ['CAPABILITY_NAMED_IAM'],
    }),
  );

  const refused = deps(REPO_ROOT, repoBundles);
  assert.is(await rollout(options(), refused), NEEDS_APPROVAL_EXIT_CODE, refused.out.text());
  const text = refused.out.text();
  assert.match(text, /~ MarketDataTable \(AWS::DynamoDB::Table\): replace, data loss/);
  assert.match(text, /DATA LOSS \(replacement\): every item in the table/);
  assert.match(text, /replace MarketDataTable: data loss — rerun with --approve replacement/);
  assert.not.match(text, /artifacts:/, 'nothing is uploaded before the gate');

  const approved = deps(REPO_ROOT, repoBundles);
  assert.is(await rollout(options('--approve', 'replacement'), approved), 0, approved.out.text());
  assert.match(approved.out.text(), /rollout: done/);
  const after = await cf().send(new DescribeStackSetCommand({ StackSetName: STACK_SET }));
  assert.equal(JSON.parse(after.StackSet?.TemplateBody ?? '{}'), JSON.parse(template.body));
});

test('one handler changed, then rollout --dry-run: its zip is rebuilt and exactly that function is listed', async () => {
  // The scratch checkout builds the very zips the StackSet runs (the bundles are deterministic).
  const root = scratchCheckout();
  await buildLambdas(TARGET, root);
  const deployed = readBundles(lambdaDist(TARGET, root), { root, target: TARGET });
  if (typeof deployed === 'string') throw new Error(deployed);
  assert.equal(
    deployed.map((b) => b.sha256),
    (repoBundles as { sha256: string }[]).map((b) => b.sha256),
  );

  appendFileSync(
    join(root, 'lambda-src', 'status', 'index.ts'),
    "\nexport const reviewMarker = 'changed';\n",
  );
  const dry = deps(root);
  assert.is(await rollout(options('--dry-run'), dry), 0, dry.out.text());
  const text = dry.out.text();
  assert.match(text, /bundles: stale: status \(lambda-src\/status\/index\.ts changed\); building them/);
  const rebuilt = readBundles(lambdaDist(TARGET, root), { root, target: TARGET });
  if (typeof rebuilt === 'string') throw new Error(rebuilt);
  const changedZips = rebuilt.filter((b, i) => b.sha256 !== deployed[i]?.sha256).map((b) => b.name);
  assert.equal(changedZips, ['status']);
  const listed = /code changes:\n((?: {2}.*\n)+)/.exec(text)?.[1] ?? '';
  assert.equal(
    listed
      .trimEnd()
      .split('\n')
      .map((l) => l.trim().split(':')[0]),
    ['status'],
    text,
  );
  assert.match(listed, new RegExp(`lambda/status/${rebuilt.find((b) => b.name === 'status')?.sha256}\\.zip`));
});

test.run();
