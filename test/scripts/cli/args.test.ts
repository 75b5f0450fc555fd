import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  choice,
  defineCommand,
  describeError,
  HelpRequested,
  integer,
  keyValues,
  regionList,
  required,
  UsageError,
} from '../../../scripts/cli/args';

const test = suite('the command line of every entry point: typed options, help, one-line usage errors');

const cli = defineCommand({
  name: 'demo',
  usage: 'usage: npm run demo -- [--api URL] [--json] [--tag T ...] <command> <argument>',
  maxPositionals: 2,
  options: {
    api: { type: 'string', default: 'http://127.0.0.1:3000' },
    json: { type: 'boolean', default: false },
    limit: { type: 'string' },
    tag: { type: 'string', multiple: true },
  },
});

function usageError(argv: string[]): string {
  try {
    cli.parse(argv);
  } catch (error) {
    assert.instance(error, UsageError, argv.join(' '));
    return (error as Error).message;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
}

test('options come back typed, with defaults, in both spellings, and repeatable ones as lists', () => {
  const parsed = cli.parse(['status', '--limit=5', '--tag', 'a', 'job-1', '--tag=b', '--json']);
  assert.equal(parsed.positionals, ['status', 'job-1']);
  assert.equal(parsed.values, { api: 'http://127.0.0.1:3000', json: true, limit: '5', tag: ['a', 'b'] });
  const limit: string | undefined = parsed.values.limit;
  const json: boolean = parsed.values.json;
  assert.equal([limit, json], ['5', true]);
});

test('--help and -h ask for help wherever they stand, but not after --', () => {
  for (const argv of [['--help'], ['-h'], ['status', '--foo', '-h']])
    assert.throws(
      () => cli.parse(argv),
      (e: Error) => e instanceof HelpRequested,
      argv.join(' '),
    );
  assert.equal(cli.parse(['--', '-h']).positionals, ['-h']);
});

test('each usage mistake is one line naming the argument', () => {
  assert.is(usageError(['--foo']), 'unknown option --foo');
  assert.is(usageError(['-x']), 'unknown option -x');
  assert.is(usageError(['--constructor']), 'unknown option --constructor');
  assert.is(usageError(['--__proto__=x']), 'unknown option --__proto__');
  // A short spelling of a declared long option is not declared either.
  assert.is(usageError(['-j']), 'unknown option -j');
  assert.is(usageError(['--api']), '--api needs a value');
  assert.is(usageError(['--api', '--json']), '--api needs a value');
  assert.is(usageError(['--json=yes']), '--json takes no value');
  assert.is(usageError(['--limit', '1', '--limit=2']), '--limit given twice');
  assert.is(usageError(['a', 'b', 'c']), 'unexpected argument c');
  for (const argv of [['--foo'], ['--api']]) assert.not.match(usageError(argv), /\n/);
});

test('a value starting with one dash is a value, for the validators to judge', () => {
  assert.is(cli.parse(['--limit', '-5']).values.limit, '-5');
  assert.is(cli.parse(['--api=--x']).values.api, '--x');
});

test('whole numbers within a range', () => {
  assert.is(integer('--limit', '5', { min: 1, max: 1000 }), 5);
  assert.is(integer('--limit', undefined, { min: 1 }), undefined);
  assert.is(integer('--port', '0', { min: 0, max: 65535 }), 0);
  const refused: [string, { min?: number; max?: number }, string][] = [
    ['-5', { min: 1, max: 1000 }, '--limit must be a whole number from 1 to 1000, not -5'],
    ['1001', { min: 1, max: 1000 }, '--limit must be a whole number from 1 to 1000, not 1001'],
    ['2.5', { min: 1 }, '--limit must be a whole number ≥ 1, not 2.5'],
    ['1e3', {}, '--limit must be a whole number, not 1e3'],
    ['', { max: 9 }, '--limit must be a whole number ≤ 9, not '],
    ['99999999999999999999', {}, '--limit must be a whole number, not 99999999999999999999'],
  ];
  for (const [raw, range, message] of refused)
    assert.throws(
      () => integer('--limit', raw, range),
      (e: Error) => e instanceof UsageError && e.message === message,
      raw,
    );
});

test('choices, required values, regions and Key=Value pairs', () => {
  assert.is(choice('--auth', 'iam', ['none', 'iam']), 'iam');
  assert.throws(() => choice('--auth', 'sso', ['none', 'iam']), /^--auth must be none or iam, not sso$/);
  assert.is(required('--name', 'x'), 'x');
  assert.throws(() => required('--name', undefined, '--name dev'), /--name is required, e.g. --name dev/);
  assert.equal(regionList('--regions', ' us-west-2,us-east-1,,us-west-2 '), ['us-west-2', 'us-east-1']);
  assert.throws(() => regionList('--regions', 'useast1'), /--regions: not a region: useast1/);
  assert.throws(() => regionList('--regions', ','), /--regions names no region/);
  assert.throws(() => regionList('--regions', undefined), /--regions is required/);
  assert.equal(keyValues('--parameter', ['A=1', 'B=x=y']), { A: '1', B: 'x=y' });
  assert.equal(keyValues('--parameter', undefined), {});
  assert.throws(() => keyValues('--parameter', ['=1']), /--parameter expects Key=Value, got "=1"/);
  assert.throws(() => keyValues('--parameter', ['A=1', 'A=2']), /--parameter A given twice/);
});

test('other failures read as one line: the error kind unless generic, the message and its cause', () => {
  assert.is(describeError(new Error('boom')), 'boom');
  assert.is(
    describeError(new TypeError('bad', { cause: new Error('ECONNREFUSED') })),
    'TypeError: bad: ECONNREFUSED',
  );
  assert.is(describeError('plain'), 'plain');
});

test.run();
