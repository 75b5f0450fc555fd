/**
 * The library as an outside project sees it: `npm pack`, install the tarball into an empty
 * folder (packages from the local npm cache where it has them), type-check under NodeNext, run
 * examples/custom-stack and the README's library examples, and lint what they emit.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cfnLint } from '../support/cfn-lint';
import { REPO_ROOT } from '../support/paths';

const test = suite('examples/custom-stack: the packed library in an outside project');
const EXAMPLE = join(REPO_ROOT, 'examples', 'custom-stack');
const work = mkdtempSync(join(tmpdir(), 'servapp-consumer-'));
const project = join(work, 'custom-stack');

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    },
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, out: `${result.stdout}${result.stderr}` };
}

const tsc = (cwd: string) =>
  run(
    process.execPath,
    [join(cwd, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.', '--pretty', 'false'],
    cwd,
  );

type Resource = { Type: string; Properties: Record<string, unknown> };
type Doc = { Resources: Record<string, Resource> };
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Doc;

let tarballFiles: string[] = [];

test.before(() => {
  mkdirSync(project);
  const pack = run('npm', ['pack', '--json', '--pack-destination', work], REPO_ROOT);
  assert.is(pack.status, 0, pack.out);
  const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('\n[') + 1)) as {
    filename: string;
    files: { path: string }[];
  }[];
  if (!info) throw new Error('npm pack reported no tarball');
  tarballFiles = info.files.map((f) => f.path);
  renameSync(join(work, info.filename), join(project, 'servapp.tgz'));
  for (const entry of ['package.json', 'tsconfig.json', 'src'])
    cpSync(join(EXAMPLE, entry), join(project, entry), { recursive: true });
  const install = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], project);
  assert.is(install.status, 0, install.out);
});

test('the tarball holds the compiled library only: no Lambda sources, scripts or tests', () => {
  assert.ok(tarballFiles.includes('dist/lib/index.js'));
  assert.ok(tarballFiles.includes('dist/lib/core/index.d.ts'));
  const stray = tarballFiles.filter(
    (path) => !/^dist\/lib\/.+\.(js|d\.ts)$/.test(path) && !['package.json', 'README.md'].includes(path),
  );
  assert.equal(stray, []);
  assert.not.ok(tarballFiles.some((path) => /lambda-src|scripts\/|test\/|\.ts$(?<!\.d\.ts)/.test(path)));
});

test('an empty project gets only the declared dependencies', () => {
  const installed = readdirSync(join(project, 'node_modules'));
  for (const unwanted of ['esbuild', 'tsx', 'uvu', 'aws-sdk-client-mock', 'cloudform', 'ajv'])
    assert.not.ok(installed.includes(unwanted), unwanted);
  const sdk = readdirSync(join(project, 'node_modules', '@aws-sdk'));
  assert.not.ok(sdk.includes('client-dynamodb'), 'Lambda-only SDK clients are bundled, not dependencies');
});

test('the example type-checks under NodeNext against the packed declarations and runs', () => {
  const build = tsc(project);
  assert.is(build.status, 0, build.out);
  const start = run(process.execPath, ['dist/stack.js', 'out'], project);
  assert.is(start.status, 0, start.out);
});

test('the custom stack wires the queue and the function by Ref and GetAtt, tagged, least-privilege', () => {
  const doc = readJson(join(project, 'out', 'custom-stack.json'));
  const r = (id: string): Resource => {
    const resource = doc.Resources[id];
    if (!resource) throw new Error(`no resource ${id}`);
    return resource;
  };
  assert.equal(r('Work').Properties.RedrivePolicy, {
    deadLetterTargetArn: { 'Fn::GetAtt': ['DeadLetters', 'Arn'] },
    maxReceiveCount: 3,
  });
  assert.equal(r('WorkFeed').Properties.EventSourceArn, { 'Fn::GetAtt': ['Work', 'Arn'] });
  assert.equal(r('WorkFeed').Properties.FunctionName, { Ref: 'Worker' });
  assert.equal(r('Worker').Properties.Role, { 'Fn::GetAtt': ['WorkerRole', 'Arn'] });
  assert.equal(r('WorkerRole').Properties.PermissionsBoundary, {
    'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/servapp-permissions-boundary',
  });
  for (const id of ['Work', 'DeadLetters', 'Worker', 'WorkerRole', 'WorkerLogs', 'WorkFeed']) {
    const keys = (r(id).Properties.Tags as { Key: string }[]).map((tag) => tag.Key);
    assert.equal(keys, ['Project', 'ENVIRONMENT_SUFFIX', 'REGION', 'Environment', 'Team', 'CostCenter'], id);
  }
  assert.is(r('WorkPolicy').Properties.Tags, undefined, 'a queue policy has no Tags');
  const policy = (
    r('WorkerRole').Properties.Policies as { PolicyDocument: { Statement: { Action: string[] }[] } }[]
  )[0];
  const actions = policy?.PolicyDocument.Statement.flatMap((s) => s.Action) ?? [];
  assert.ok(actions.length > 0 && actions.every((action) => !action.includes('*')), actions.join(','));
});

test('the regional variant carries its non-default options', () => {
  const doc = readJson(join(project, 'out', 'regional-variant.json'));
  const tables = Object.values(doc.Resources).filter((r) => r.Type === 'AWS::DynamoDB::Table');
  assert.ok(tables.length >= 2);
  for (const table of tables) {
    assert.is(table.Properties.BillingMode, 'PROVISIONED');
    assert.is(table.Properties.DeletionProtectionEnabled, true);
  }
  assert.ok(Object.values(doc.Resources).some((r) => r.Type === 'AWS::ApiGateway::ApiKey'));
  assert.ok(
    Object.values(doc.Resources).some((r) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget'),
  );
});

test("the team's own config file builds its own environments, each recording its name", () => {
  const out = join(project, 'out');
  const qa = readJson(join(out, 'qa', 'regional.json')) as Doc & { Metadata: Record<string, unknown> };
  const live = readJson(join(out, 'live', 'regional.json')) as Doc & { Metadata: Record<string, unknown> };
  assert.equal(qa.Metadata.ServAppEnvironment, { name: 'qa', regions: ['eu-west-1'], suffix: 'qa' });
  assert.equal(live.Metadata.ServAppEnvironment, {
    name: 'live',
    regions: ['eu-central-1', 'eu-west-1'],
    suffix: 'live',
  });
  const types = (doc: Doc) => Object.values(doc.Resources).map((r) => r.Type);
  assert.ok(types(live).includes('AWS::ApiGateway::ApiKey'));
  assert.not.ok(types(qa).includes('AWS::ApiGateway::ApiKey'));
  const retention = (doc: Doc) =>
    new Set(
      Object.values(doc.Resources)
        .filter((r) => r.Type === 'AWS::Logs::LogGroup')
        .map((r) => r.Properties.RetentionInDays),
    );
  assert.equal([...retention(live)], [30]);
  assert.equal([...retention(qa)], [7]);
  assert.is(
    (qa as unknown as { Parameters: Record<string, { Default: string }> }).Parameters.CostCenter?.Default,
    'CC-4200',
  );
});

test('both templates pass cfn-lint with the project rules: 0 errors, 0 warnings, 0 informational', () => {
  const out = join(project, 'out');
  const lint = cfnLint([
    '--regions',
    'us-east-1',
    'us-west-2',
    '--include-checks',
    'I',
    '--append-rules',
    join(REPO_ROOT, 'scripts', 'cfnlint_rules'),
    '--',
    join(out, 'custom-stack.json'),
    join(out, 'regional-variant.json'),
  ]);
  assert.equal(lint.findings, []);
});

test("a wrong attribute name fails the consumer build with the type's attribute names", () => {
  const source = readFileSync(join(project, 'src', 'stack.ts'), 'utf8');
  writeFileSync(
    join(project, 'src', 'stack.ts'),
    source.replace("queue.getAtt('QueueUrl')", "queue.getAtt('QueueURL')"),
  );
  const build = tsc(project);
  writeFileSync(join(project, 'src', 'stack.ts'), source);
  assert.is.not(build.status, 0);
  assert.match(
    build.out,
    /error TS2345: Argument of type '"QueueURL"' is not assignable to parameter of type '"Arn" \|/,
  );
});

test("the README's library examples compile and run verbatim in the outside project", () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Use it as a library');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  assert.ok(blocks.length >= 2, 'the README has library examples');
  blocks.forEach((code, i) => {
    writeFileSync(join(project, 'src', `readme-${i}.ts`), code);
  });
  const build = tsc(project);
  assert.is(build.status, 0, build.out);
  blocks.forEach((_, i) => {
    const runIt = run(process.execPath, [join('dist', `readme-${i}.js`)], project);
    assert.is(runIt.status, 0, runIt.out);
    assert.match(runIt.out, '"AWSTemplateFormatVersion": "2010-09-09"');
  });
});

test.run();
