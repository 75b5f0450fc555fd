/**
 * Every `npm run` entry point, run in a child process on the pinned Node: help on stdout with
 * exit 0, a usage error as one line plus the usage with exit 2, and the rollout's region refusal
 * and credential-less dry run. Each npm script is its entry file alone, so the tests run that file
 * directly (npm adds a third of a second per run) and go through npm where npm's part matters.
 * No server is started.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort } from '../../scripts/local/servers/process';
import { REPO_ROOT } from '../support/paths';

const test = suite('npm run entry points behave like tools');

const SCRIPTS = [
  'rollout',
  'bootstrap',
  'pipeline',
  'servapp',
  'local',
  'bench:templates',
  'bench:processor',
  'bench:api',
  'build:templates',
  'build:lambdas',
  'build:lib',
  'imports',
] as const;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

const NPM_SCRIPTS = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

/** The file an npm script runs; nothing else runs before it (no provisioning, no build). */
function entryFile(script: string): string {
  const file = /^(?:tsx|node --import tsx) (scripts\/[\w-]+\.ts)$/.exec(NPM_SCRIPTS[script] ?? '')?.[1];
  if (!file) throw new Error(`npm run ${script} is not one entry file: ${NPM_SCRIPTS[script]}`);
  return file;
}

function outcomeOf(command: string, args: readonly string[], env: NodeJS.ProcessEnv) {
  return new Promise<Outcome>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** What `npm run <script> -- args` runs, on this (the pinned) Node. */
function run(script: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env) {
  return outcomeOf(process.execPath, ['--import', 'tsx', entryFile(script), ...args], env);
}

function npmRun(script: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env) {
  return outcomeOf('npm', ['run', '--silent', script, '--', ...args], env);
}

/** A few at a time: the machine is shared. */
async function inTurn<T, R>(items: readonly T[], run: (item: T) => Promise<R>, width = 3): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

/** No credentials anywhere the SDK looks: no AWS_* variables, empty files, no instance metadata. */
function withoutAwsCredentials(): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'servapp-no-aws-'));
  const empty = join(dir, 'empty');
  writeFileSync(empty, '');
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')));
  return {
    ...env,
    AWS_CONFIG_FILE: empty,
    AWS_SHARED_CREDENTIALS_FILE: empty,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

function assertUsageError(script: string, outcome: Outcome, message: string): void {
  const what = `${script}: ${message}`;
  assert.is(outcome.code, 2, `${what} exit code; stderr: ${outcome.stderr}`);
  assert.is(outcome.stdout, '', `${what} stdout`);
  const [first, second] = outcome.stderr.split('\n');
  assert.is(first, what);
  assert.ok(second?.startsWith(`usage: npm run ${script}`), `${what}: the usage follows, got ${second}`);
  assert.not.match(outcome.stderr, /^\s+at /m, `${what}: no stack trace`);
  assert.not.match(outcome.stderr, /ERR_PARSE_ARGS/);
}

test('every entry point is one file that reads its options first', () => {
  for (const script of SCRIPTS) assert.match(entryFile(script), /^scripts\//);
});

test('every entry point answers --help and -h with its usage on stdout and exit 0', async () => {
  const runs = SCRIPTS.flatMap((script) => ['--help', '-h'].map((flag) => [script, flag] as const));
  const outcomes = await inTurn(runs, ([script, flag]) => run(script, [flag]));
  runs.forEach(([script, flag], index) => {
    const outcome = outcomes[index] as Outcome;
    assert.is(outcome.code, 0, `${script} ${flag}: ${outcome.stderr}`);
    assert.ok(outcome.stdout.startsWith(`usage: npm run ${script}`), `${script} ${flag}: ${outcome.stdout}`);
    assert.match(outcome.stdout, /-h, --help +this help\n/, `${script} ${flag}`);
    assert.is(outcome.stderr, '', `${script} ${flag}`);
  });
});

test('an unknown option is one line, then the usage, exit 2 and no stack trace', async () => {
  const outcomes = await inTurn(SCRIPTS, (script) => run(script, ['--no-such-option']));
  for (const [index, script] of SCRIPTS.entries())
    assertUsageError(script, outcomes[index] as Outcome, 'unknown option --no-such-option');
});

test('missing and bad values, unknown sub-commands and stray arguments are usage errors', async () => {
  const cases: [string, string[], string][] = [
    ['servapp', ['--limit', '-5', 'results', 'ABC'], '--limit must be a whole number from 1 to 1000, not -5'],
    ['servapp', ['--limit', '-5'], '--limit must be a whole number from 1 to 1000, not -5'],
    ['servapp', ['results', 'ABC', '--limit'], '--limit needs a value'],
    ['servapp', ['frob', 'x'], 'unknown command frob'],
    ['servapp', ['status', 'a', 'b'], 'unexpected argument b'],
    ['servapp', ['upload'], 'upload needs a file'],
    ['pipeline', ['frob'], 'unknown command frob'],
    ['bench:api', ['--clients', '0'], '--clients must be a whole number from 1 to 1000, not 0'],
    ['local', ['--port', '70000'], '--port must be a whole number from 0 to 65535, not 70000'],
    ['local', ['--auth', 'sso'], '--auth must be none or iam or api-key, not sso'],
    ['local', ['--env', 'staging'], '--env must be dev or prod, not staging'],
    ['build:templates', ['stray'], 'unexpected argument stray'],
    ['bootstrap', ['--regions', 'useast1'], '--regions: not a region: useast1'],
    ['rollout', ['--env', 'dev', '--dry-run=yes'], '--dry-run takes no value'],
    ['rollout', ['--regions', 'us-east-1'], '--env is required, e.g. --env dev'],
    [
      'rollout',
      ['--env', 'staging'],
      '--env: unknown environment "staging"; the configuration defines dev, prod',
    ],
  ];
  const outcomes = await inTurn(cases, ([script, args]) => run(script, args, withoutAwsCredentials()));
  for (const [index, [script, , message]] of cases.entries())
    assertUsageError(script, outcomes[index] as Outcome, message);
});

test('rollout refuses, before lint, bundles or any AWS call: a region the environment lacks, bad parameter values, owned parameters, a template built for another environment', async () => {
  // Without credentials: had the rollout gone as far as an AWS call, it would have failed with exit 1.
  const cases: [string[], string][] = [
    [
      ['--env', 'dev', '--regions', 'us-east-1,eu-west-1'],
      '--regions: eu-west-1 is not a region of this environment (us-east-1, us-west-2); --regions can only narrow, add a region in src/environments.ts',
    ],
    [
      ['--env', 'dev', '--dry-run', '--parameter', 'MarketDataMaxWriteRequestUnits=abc'],
      'ParameterError: --parameter MarketDataMaxWriteRequestUnits="abc": is not a number (Type Number)',
    ],
    [
      ['--env', 'dev', '--dry-run', '--parameter', 'ConfigureApiGatewayAccount=maybe'],
      'ParameterError: --parameter ConfigureApiGatewayAccount="maybe": is not one of its AllowedValues true, false',
    ],
    [
      ['--env', 'dev', '--dry-run', '--parameter', 'Team=bad value!!'],
      'ParameterError: --parameter Team="bad value!!": does not match its AllowedPattern ^[A-Za-z0-9 ._:/=+@-]{1,128}$',
    ],
    [
      ['--env', 'prod', '--dry-run', '--parameter', 'EnvironmentSuffix=x'],
      'ParameterError: --parameter EnvironmentSuffix: set by the rollout itself (from --env, --artifact-bucket-prefix and the bundles), not by hand',
    ],
    [
      ['--env', 'prod', '--dry-run', '--template', 'templates/dev/regional.json'],
      'templates/dev/regional.json was built for dev (suffix dev), not prod (suffix prod); refusing to roll it out as prod',
    ],
  ];
  const outcomes = await inTurn(cases, ([args]) => run('rollout', args, withoutAwsCredentials()));
  for (const [index, [, message]] of cases.entries())
    assertUsageError('rollout', outcomes[index] as Outcome, message.replace(/^ParameterError: /, ''));
});

test('rollout --env prod --dry-run without credentials prints the prod plan, what it could not compare, and exits 3', async () => {
  const outcome = await run('rollout', ['--env', 'prod', '--dry-run'], withoutAwsCredentials());
  assert.is(outcome.code, 3, outcome.stderr);
  const out = outcome.stdout;
  assert.match(out, 'environment prod (src/environments.ts): suffix prod, regions us-east-1, us-west-2\n');
  assert.match(out, 'template: templates/prod/regional.json is fresh');
  assert.match(out, 'lint: cfn-lint with the project rules found nothing');
  assert.match(out, 'StackSet servapp-prod, home region us-east-1, instances in us-east-1, us-west-2');
  assert.match(
    out,
    /template: [\d,]+ bytes minified, sha256 [0-9a-f]{64}; over the 51,200-byte inline limit: staged in S3 \(TemplateURL\) as servapp-artifacts-<account>-us-east-1\/templates\/servapp-prod\/[0-9a-f]{64}\.json/,
  );
  for (const fn of ['upload', 'processor', 'status', 'results']) {
    assert.match(out, new RegExp(`\\n {4}${fn} +sha256 [0-9a-f]{64}\\n`));
    const key = `${fn.charAt(0).toUpperCase()}${fn.slice(1)}CodeKey`;
    assert.match(out, new RegExp(`\\n {4}${key} = lambda/${fn}/[0-9a-f]{64}\\.zip\\n`));
  }
  assert.match(out, '    EnvironmentSuffix = prod\n');
  assert.match(out, '    Environment = production\n');
  assert.match(
    out,
    "could not compare with AWS: the StackSet servapp-prod's current template, parameters and instances, and which artifacts the buckets already hold; no AWS credentials were found",
  );
  assert.ok(
    out.endsWith('dry run: nothing was changed, and the plan above is not compared with AWS (exit 3)\n'),
    out,
  );
  assert.not.match(outcome.stderr, /^\s+at /m);
});

test('rollout --dry-run against an endpoint nobody answers names the call and the endpoint, and exits 3', async () => {
  const outcome = await run('rollout', ['--env', 'dev', '--dry-run', '--regions', 'us-east-1'], {
    ...withoutAwsCredentials(),
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    AWS_MAX_ATTEMPTS: '1',
  });
  assert.is(outcome.code, 3, outcome.stderr);
  assert.match(outcome.stdout, /STSClient\.GetCallerIdentityCommand could not reach http:\/\/127\.0\.0\.1:9/);
  assert.match(outcome.stdout, /--regions narrows it to us-east-1/);
});

test('npm run local -- --help answers before provisioning anything', async () => {
  // A `bash` that only leaves a mark: provisioning goes through bash, so the mark says it started.
  const dir = mkdtempSync(join(tmpdir(), 'servapp-fake-bash-'));
  const mark = join(dir, 'provisioning-started');
  writeFileSync(join(dir, 'bash'), `#!/bin/sh\ntouch '${mark}'\nexit 1\n`);
  chmodSync(join(dir, 'bash'), 0o755);
  const env = { ...process.env, PATH: `${dir}${delimiter}${process.env.PATH ?? ''}` };

  const help = await npmRun('local', ['--help'], env);
  assert.is(help.code, 0, help.stderr);
  assert.ok(help.stdout.startsWith('usage: npm run local'));
  assert.not.ok(existsSync(mark), 'provisioning started for --help');

  // The same set-up does catch provisioning: a real start reaches it, and stops there.
  const start = await npmRun('local', ['--port', '0'], env);
  assert.ok(existsSync(mark), 'provisioning did not start');
  assert.is(start.code, 1);
  assert.is(
    start.stderr,
    'local: could not start: provisioning DynamoDB Local, ElasticMQ and MinIO failed (exit 1)\n',
  );
});

test('other failures are one line with the command’s own exit code', async () => {
  const port = await freePort();
  const [pipeline, servapp, usage] = await Promise.all([
    run('pipeline', ['status'], withoutAwsCredentials()),
    run('servapp', ['--api', `http://127.0.0.1:${port}`, 'status', 'job-1']),
    // Through npm: scripts and CI see the same codes as the file's own.
    npmRun('servapp', ['--foo']),
  ]);
  assertUsageError('servapp', usage, 'unknown option --foo');
  assert.is(pipeline.code, 1, pipeline.stderr);
  assert.match(pipeline.stderr, /^pipeline: [^\n]+\n$/);
  assert.is(servapp.code, 5, servapp.stderr);
  assert.match(servapp.stderr, new RegExp(`^could not reach http://127\\.0\\.0\\.1:${port}: [^\\n]+\\n$`));
});

test('a script of top-level code reports a failure after its options as one line, exit 1', async () => {
  const script = [
    `import { defineCommand } from ${JSON.stringify(join(REPO_ROOT, 'scripts', 'cli', 'args.ts'))};`,
    "defineCommand({ name: 'demo', usage: 'usage: demo', options: {} }).begin([]);",
    "await new Promise((_, reject) => setTimeout(() => reject(new TypeError('disk full', { cause: new Error('ENOSPC') })), 1));",
  ].join('\n');
  const outcome = await outcomeOf(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    process.env,
  );
  assert.equal(outcome, { code: 1, stdout: '', stderr: 'demo: TypeError: disk full: ENOSPC\n' });
});

test.run();
