/**
 * `npm run diff` as a command: two files, a git ref, the formats, --help and usage errors.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { toPrettyJson } from '../../../src/core/emit';
import { REPO_ROOT } from '../../support/paths';
import { built, changed } from '../../support/review-templates';

const test = suite('npm run diff: files, git ref, formats, usage');

const diff = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'diff.ts'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });

const dir = mkdtempSync(join(tmpdir(), 'servapp-diff-'));
const before = join(dir, 'before.json');
const after = join(dir, 'after.json');
const base = built();
writeFileSync(before, toPrettyJson(base));
writeFileSync(
  after,
  JSON.stringify(
    changed(base, 'MarketDataTable', (t) => {
      t.Properties.KeySchema = [{ AttributeName: 'symbol', KeyType: 'HASH' }];
    }),
  ),
);

test('two files: the terminal review of a key-schema change, exit 0', () => {
  const run = diff(before, after);
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, `review: ${before} → ${after}`);
  assert.match(run.stdout, /~ MarketDataTable \(AWS::DynamoDB::Table\): replace, data loss/);
  assert.match(run.stdout, /--approve replacement: replace MarketDataTable: data loss/);
});

test('--format json', () => {
  const json = diff(before, after, '--format', 'json');
  assert.is(json.status, 0, json.stderr);
  assert.equal((JSON.parse(json.stdout) as { summary: { replace: string[] } }).summary.replace, [
    'MarketDataTable',
  ]);
});

test('a file against itself (pretty vs minified): no changes', () => {
  const minified = join(dir, 'minified.json');
  writeFileSync(minified, JSON.stringify(base));
  const run = diff(before, minified);
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, /summary: no changes/);
});

test('--git HEAD: each committed template against a fresh build from src/ (fresh: no changes)', () => {
  const run = diff('--git', 'HEAD');
  assert.is(run.status, 0, run.stderr);
  assert.match(
    run.stdout,
    /review: templates\/dev\/regional\.json at HEAD → built from src\/\nsummary: no changes/,
  );
});

test('usage: --help on stdout exit 0; no target, both targets, a bad format or ref are refused', () => {
  const help = diff('--help');
  assert.is(help.status, 0);
  assert.match(help.stdout, /^usage: npm run diff/);
  for (const [args, message] of [
    [[], 'give two template files, or --git <ref>, or --deployed'],
    [[before, after, '--format', 'html'], '--format must be terminal or markdown or json, not html'],
    [['--deployed'], '--deployed needs --env'],
  ] as const) {
    const run = diff(...args);
    assert.is(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, `diff: ${message}`);
  }
  const badRef = diff('--git', 'no-such-ref');
  assert.is(badRef.status, 1);
  assert.match(badRef.stderr, /--git no-such-ref: not a commit/);
});

test.run();
