/**
 * The three outputs of a review and the gate: the words a reviewer looks for ("replace", "data
 * loss", "broadening") appear in each where they apply, and the gate names the resources.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { formatJson } from '../../../scripts/review/format-json';
import { formatMarkdown } from '../../../scripts/review/format-markdown';
import { formatTerminal } from '../../../scripts/review/format-terminal';
import { refusalMessage, refusedBy, requiredApprovals } from '../../../scripts/review/gate';
import { reviewChanges } from '../../../scripts/review/review';
import { body, built, changed, statement } from '../../support/review-templates';

const test = suite('change review outputs: terminal, Markdown, JSON, and the gate');

const base = built();
const keySchema = reviewChanges({
  title: 'key schema',
  before: body(base),
  after: body(
    changed(base, 'MarketDataTable', (t) => {
      t.Properties.KeySchema = [{ AttributeName: 'symbol', KeyType: 'HASH' }];
    }),
  ),
});
const iam = reviewChanges({
  title: 'iam',
  before: body(base),
  after: body(
    changed(base, 'UploadRole', (role) => {
      statement(role, 'WriteLogs').Action.push('dynamodb:*');
    }),
  ),
});
const nothing = reviewChanges({ title: 'same', before: body(base), after: body(built()) });

const formats = { terminal: formatTerminal, markdown: formatMarkdown, json: formatJson };
/** JSON always carries the summary's empty `broadening` list: only a value says it applies. */
const says = (name: string, word: string) => (name === 'json' ? new RegExp(`: "${word}"`) : new RegExp(word));

for (const [name, format] of Object.entries(formats)) {
  test(`${name}: a key-schema change says replace and data loss, naming the table`, () => {
    const text = format(keySchema);
    assert.match(text, /replace/);
    assert.match(text, /data loss/);
    assert.match(text, /MarketDataTable/);
    assert.not.match(text, says(name, 'broadening'));
  });
  test(`${name}: dynamodb:* on a role says broadening, naming the role`, () => {
    const text = format(iam);
    assert.match(text, /broadening/);
    assert.match(text, /UploadRole/);
    assert.not.match(text, says(name, 'data loss'));
  });
  test(`${name}: nothing changed says no changes`, () => {
    assert.match(format(nothing), /no changes/);
  });
}

test('json: machine-readable impact words and the approvals needed', () => {
  const parsed = JSON.parse(formatJson(keySchema)) as {
    resources: { logicalId: string; impact: string[] }[];
    gate: { needsApproval: boolean; approvals: { approval: string; resources: string[] }[] };
  };
  assert.equal(parsed.resources[0]?.impact, ['replace', 'data loss']);
  assert.is(parsed.gate.needsApproval, true);
  assert.equal(
    parsed.gate.approvals.map((a) => [a.approval, a.resources]),
    [['replacement', ['MarketDataTable']]],
  );
});

test('gate: replacement and broadening each need their own approval; the message names the resources', () => {
  assert.equal(requiredApprovals(nothing), []);
  assert.equal(
    refusedBy(keySchema, new Set()).map((g) => g.approval),
    ['replacement'],
  );
  assert.equal(
    refusedBy(keySchema, new Set(['broadening'])).map((g) => g.approval),
    ['replacement'],
  );
  assert.equal(refusedBy(keySchema, new Set(['replacement'])), []);
  const message = refusalMessage(refusedBy(iam, new Set(['replacement'])));
  assert.match(message, /broadening of access by UploadRole — rerun with --approve broadening/);
});

test('gate: replacing a resource that holds no data is listed but needs no approval', () => {
  const subscription = reviewChanges({
    title: 'alarm e-mail',
    before: body(base),
    after: body(base),
    parameters: { before: { AlarmEmail: '' }, after: { AlarmEmail: 'ops@example.com' } },
  });
  assert.equal(subscription.summary.mayReplace, ['AlarmEmailSubscription']);
  assert.equal(requiredApprovals(subscription), []);
});

test('gate: a retained replacement still needs approval (the stack then runs on an empty table)', () => {
  const protectedBase = built({ deletionProtection: true });
  const retained = reviewChanges({
    title: 'retained',
    before: body(protectedBase),
    after: body(
      changed(protectedBase, 'MarketDataTable', (t) => {
        t.Properties.KeySchema = [{ AttributeName: 'symbol', KeyType: 'HASH' }];
      }),
    ),
  });
  assert.equal(
    requiredApprovals(retained).map((g) => g.reason),
    ['replace MarketDataTable: retained, left behind'],
  );
});

test.run();
