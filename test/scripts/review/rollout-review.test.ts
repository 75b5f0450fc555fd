/**
 * The rollout's review call point without AWS: the gate's exit code, the dry run, and a reviewed
 * review file (the pipeline's) approving exactly what it lists.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StackSet } from '@aws-sdk/client-cloudformation';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { reviewAgainstStackSet } from '../../../scripts/review/deployed';
import { formatJson } from '../../../scripts/review/format-json';
import { NEEDS_APPROVAL_EXIT_CODE } from '../../../scripts/review/gate';
import { reviewRollout } from '../../../scripts/review/rollout-review';
import { body, built, changed } from '../../support/review-templates';

const test = suite('rollout review: gate, dry run, approved review file');

const base = built();
const deployed: StackSet = {
  StackSetName: 'servapp-dev',
  TemplateBody: JSON.stringify(
    changed(base, 'MarketDataTable', (t) => {
      t.Properties.KeySchema = [{ AttributeName: 'symbol', KeyType: 'HASH' }];
    }),
  ),
  Parameters: [{ ParameterKey: 'EnvironmentSuffix', ParameterValue: 'dev' }],
};
const desired = { template: body(base), parameters: { EnvironmentSuffix: 'dev' } };
const run = (extra: {
  approvals?: ('replacement' | 'broadening')[];
  approvedReview?: string;
  dryRun?: boolean;
}) => {
  const lines: string[] = [];
  const outcome = reviewRollout({
    name: 'servapp-dev',
    existing: deployed,
    ...desired,
    approvals: extra.approvals ?? [],
    ...(extra.approvedReview ? { approvedReview: extra.approvedReview } : {}),
    dryRun: extra.dryRun ?? false,
    log: (line) => lines.push(line),
  });
  return { ...outcome, text: lines.join('\n') };
};
const file = (content: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'servapp-review-')), 'review.json');
  writeFileSync(path, content);
  return path;
};

test('without approval: exit 3, the review printed, the message names the table', () => {
  const outcome = run({});
  assert.is(outcome.exitCode, NEEDS_APPROVAL_EXIT_CODE);
  assert.match(outcome.text, /review: StackSet servapp-dev as deployed → this rollout/);
  assert.match(outcome.text, /replace MarketDataTable: data loss — rerun with --approve replacement/);
});

test('--approve replacement: goes ahead', () => {
  assert.is(run({ approvals: ['replacement'] }).exitCode, undefined);
});

test('a dry run says what it would need and does not stop', () => {
  const outcome = run({ dryRun: true });
  assert.is(outcome.exitCode, undefined);
  assert.match(outcome.text, /dry run: the rollout would need --approve replacement/);
});

test('the reviewed review approves what it lists, and nothing else', () => {
  const reviewed = reviewAgainstStackSet('servapp-dev', deployed, { ...desired, label: 'pipeline review' });
  assert.is(run({ approvedReview: file(formatJson(reviewed)) }).exitCode, undefined);
  const other = JSON.parse(formatJson(reviewed)) as { gate: { approvals: { resources: string[] }[] } };
  for (const approval of other.gate.approvals) approval.resources = ['JobsTable'];
  assert.is(run({ approvedReview: file(JSON.stringify(other)) }).exitCode, NEEDS_APPROVAL_EXIT_CODE);
});

test.run();
