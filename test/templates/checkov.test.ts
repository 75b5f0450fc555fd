import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from '../support/cfn-lint';

const test = suite('checkov (pinned) on every template: no failed check, every skip justified');
const CHECKOV = join(ROOT, '.tools', 'venv-checkov', 'bin', 'checkov');

interface CheckResult {
  check_id: string;
  resource: string;
  file_path: string;
  check_result: { result: string; suppress_comment?: string };
}
interface Report {
  summary: { passed: number; failed: number; skipped: number };
  results: { passed_checks: CheckResult[]; failed_checks: CheckResult[]; skipped_checks: CheckResult[] };
}

function checkov(target: string[]): Report {
  if (!existsSync(CHECKOV))
    throw new Error('checkov is not installed: run bash scripts/provision-tools.sh checkov');
  // --skip-download keeps checkov offline: it would otherwise fetch guidelines from its vendor.
  const run = spawnSync(
    CHECKOV,
    [...target, '--framework', 'cloudformation', '--skip-download', '-o', 'json'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, BC_SKIP_MAPPING: 'TRUE', CHECKOV_RUN_SCA_PACKAGE_SCAN_V2: 'false' },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (run.error) throw run.error;
  const parsed = JSON.parse(run.stdout) as Report | Report[];
  return Array.isArray(parsed) ? (parsed[0] as Report) : parsed;
}

test('templates/: 0 failed checks; counts printed', () => {
  const report = checkov(['-d', 'templates']);
  const { passed, failed, skipped } = report.summary;
  console.log(`      checkov templates/: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  const failures = report.results.failed_checks.map((c) => `${c.check_id} ${c.resource} (${c.file_path})`);
  assert.equal(failures, []);
  assert.ok(passed > 100, `only ${passed} checks passed: did checkov read the templates?`);
});

test('every skipped check carries the reason written on its resource', () => {
  const report = checkov(['-d', 'templates']);
  for (const skipped of report.results.skipped_checks) {
    assert.ok(
      (skipped.check_result.suppress_comment ?? '').length >= 20,
      `${skipped.check_id} on ${skipped.resource} has no reason`,
    );
  }
});

test('checkov really checks: a bucket that allows public policies fails', () => {
  const report = checkov(['-f', join('test', 'fixtures', 'cfn-lint-rules', 'E9007', 'bad.json')]);
  assert.ok(report.summary.failed > 0);
  assert.ok(report.results.failed_checks.some((c) => c.resource === 'AWS::S3::Bucket.Bucket'));
});

test.run();
