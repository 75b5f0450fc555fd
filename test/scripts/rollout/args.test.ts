import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { UsageError } from '../../../scripts/cli/args';
import { parseRolloutOptions } from '../../../scripts/rollout/options';
import { codeKeyParameter, stackSetParameters } from '../../../scripts/rollout/parameters';

const test = suite('rollout command line and StackSet parameters');

test('flags, repeated --parameter, defaults', () => {
  const options = parseRolloutOptions([
    '--environment-suffix',
    'dev',
    '--regions=us-east-1,us-west-2,us-east-1',
    '--dry-run',
    '--parameter',
    'AlarmEmail=ops@example.com',
    '--parameter',
    'Team=a=b',
  ]);
  assert.equal(options, {
    environmentSuffix: 'dev',
    regions: ['us-east-1', 'us-west-2'],
    dryRun: true,
    parameters: { AlarmEmail: 'ops@example.com', Team: 'a=b' },
    artifactBucketPrefix: 'servapp-artifacts',
  });
});

test('mistakes are refused before anything runs', () => {
  const bad = [
    ['--regions', 'us-east-1'],
    ['--environment-suffix', 'Dev!', '--regions', 'us-east-1'],
    ['--environment-suffix', 'dev', '--regions', 'useast1'],
    ['--environment-suffix', 'dev', '--regions', 'us-east-1', '--dryrun'],
    ['--environment-suffix', 'dev', '--regions', 'us-east-1', '--parameter', 'novalue'],
    ['--environment-suffix', 'dev', '--environment-suffix', 'prod', '--regions', 'us-east-1'],
  ];
  for (const argv of bad)
    assert.throws(
      () => parseRolloutOptions(argv),
      (e: Error) => e instanceof UsageError,
      argv.join(' '),
    );
});

test('the rollout sets the suffix, bucket prefix and each code key; overrides must name declared parameters', () => {
  const template = {
    Parameters: Object.fromEntries(
      ['EnvironmentSuffix', 'ArtifactBucketPrefix', 'UploadCodeKey', 'AlarmEmail'].map((k) => [k, {}]),
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
  assert.is(codeKeyParameter('processor'), 'ProcessorCodeKey');
});

test.run();
