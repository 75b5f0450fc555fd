import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { UsageError } from '../../../scripts/cli/args';
import { parseRolloutOptions } from '../../../scripts/rollout/options';
import { ParameterError, stackSetParameters } from '../../../scripts/rollout/parameters';
import { environmentTemplate } from '../../../src/config';
import { functionIds } from '../../../src/conventions';
import environments from '../../../src/environments';

const test = suite('rollout command line and StackSet parameters');

test('--env takes suffix, regions and parameter values from src/environments.ts; flags narrow and override', () => {
  const options = parseRolloutOptions([
    '--env',
    'prod',
    '--regions=us-west-2',
    '--dry-run',
    '--parameter',
    'AlarmEmail=ops@example.com',
    '--parameter',
    'Team=a=b',
  ]);
  const prod = environments.environments.prod;
  assert.equal(options, {
    environment: 'prod',
    environmentSuffix: prod.suffix,
    regions: ['us-west-2'],
    narrowedFrom: [...prod.regions],
    dryRun: true,
    configParameters: {
      Environment: prod.tags.environment,
      Team: prod.tags.team,
      CostCenter: prod.tags.costCenter,
    },
    parameters: { AlarmEmail: 'ops@example.com', Team: 'a=b' },
    artifactBucketPrefix: 'servapp-artifacts',
  });
  assert.equal(parseRolloutOptions(['--env', 'dev']).regions, [...environments.environments.dev.regions]);
});

test('mistakes on the command line are refused before anything runs, naming the mistake', () => {
  const bad: [string[], RegExp][] = [
    [['--regions', 'us-east-1'], /--env is required/],
    [['--env', 'staging'], /unknown environment "staging"; the configuration defines dev, prod/],
    [['--env', 'dev', '--regions', 'eu-west-1'], /eu-west-1 is not a region of this environment/],
    [['--env', 'dev', '--regions', 'useast1'], /useast1/],
    [['--env', 'dev', '--dryrun'], /unknown option --dryrun/],
    [['--env', 'dev', '--parameter', 'novalue'], /novalue/],
    [['--env', 'dev', '--env', 'prod'], /--env/],
    [['--environment-suffix', 'dev'], /unknown option --environment-suffix/],
  ];
  for (const [argv, message] of bad)
    assert.throws(
      () => parseRolloutOptions(argv),
      (e: Error) => e instanceof UsageError && message.test(e.message),
      argv.join(' '),
    );
});

test('parameter values are checked against the template: Type, AllowedValues, AllowedPattern; owned ones are refused', () => {
  const template = environmentTemplate(environments, 'dev');
  const bundles = [{ name: 'upload' as const, file: 'x', sha256: 'abc' }];
  const inputs = { environmentSuffix: 'dev', artifactBucketPrefix: 'servapp-artifacts', bundles };
  const refused: [Record<string, string>, RegExp][] = [
    [
      { MarketDataMaxWriteRequestUnits: 'abc' },
      /MarketDataMaxWriteRequestUnits="abc": is not a number \(Type Number\)/,
    ],
    [
      { ConfigureApiGatewayAccount: 'maybe' },
      /ConfigureApiGatewayAccount="maybe": is not one of its AllowedValues true, false/,
    ],
    [{ Team: 'bad value!!' }, /Team="bad value!!": does not match its AllowedPattern/],
    [{ MarketDataMaxWriteRequestUnits: '0' }, /is below its MinValue 1/],
    [{ EnvironmentSuffix: 'x' }, /EnvironmentSuffix: set by the rollout itself/],
    [{ UploadCodeKey: 'lambda/upload/other.zip' }, /UploadCodeKey: set by the rollout itself/],
  ];
  for (const [overrides, message] of refused)
    assert.throws(
      () => stackSetParameters(template, { ...inputs, overrides }),
      (e: Error) => e instanceof ParameterError && e instanceof UsageError && message.test(e.message),
      JSON.stringify(overrides),
    );
  const accepted = stackSetParameters(template, {
    ...inputs,
    overrides: { MarketDataMaxWriteRequestUnits: '1000' },
  });
  assert.is(accepted.MarketDataMaxWriteRequestUnits, '1000');
  assert.is(accepted.EnvironmentSuffix, 'dev');
});

test('the rollout sets the suffix, bucket prefix and each code key; overrides must name declared parameters', () => {
  const template = {
    Parameters: Object.fromEntries(
      ['EnvironmentSuffix', 'ArtifactBucketPrefix', functionIds('upload').codeKeyParameter, 'AlarmEmail'].map(
        (k) => [k, {}],
      ),
    ),
  };
  const inputs = {
    environmentSuffix: 'dev',
    artifactBucketPrefix: 'p',
    bundles: [{ name: 'upload' as const, file: 'x', sha256: 'abc' }],
    overrides: { AlarmEmail: 'a@b.co' },
  };
  assert.equal(stackSetParameters(template, inputs), {
    EnvironmentSuffix: 'dev',
    ArtifactBucketPrefix: 'p',
    UploadCodeKey: 'lambda/upload/abc.zip',
    AlarmEmail: 'a@b.co',
  });
  assert.throws(
    () => stackSetParameters(template, { ...inputs, overrides: { Nope: '1' } }),
    /declares no such parameter/,
  );
  assert.is(functionIds('processor').codeKeyParameter, functionIds('processor').codeKeyParameter);
});

test.run();
