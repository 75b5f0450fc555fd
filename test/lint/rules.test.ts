import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cfnLint, ROOT } from '../support/cfn-lint';

const test = suite("the project's own cfn-lint rules (E9xxx), each proven by a good and a bad fixture");
const FIXTURES = join(ROOT, 'test', 'fixtures', 'cfn-lint-rules');
const RULES = join(ROOT, 'scripts', 'cfnlint_rules');
const ruleIds = readdirSync(FIXTURES).sort();

// One cfn-lint run over every fixture (a run costs seconds); findings are grouped by file below.
const fixture = (id: string, kind: 'good' | 'bad') => join(FIXTURES, id, `${kind}.json`);
const all = cfnLint(['--', ...ruleIds.flatMap((id) => [fixture(id, 'good'), fixture(id, 'bad')])]);
const findingsFor = (file: string) =>
  all.findings.filter((f) => join(ROOT, f.Filename) === file || f.Filename === file);

test('a bad fixture fails the cfn-lint run (non-zero exit)', () => {
  assert.is.not(all.status, 0);
});

test('every rule file has fixtures and every fixture folder names a rule', () => {
  const declared = readdirSync(RULES)
    // cfn-lint loads rule modules only; a leading underscore marks a shared helper.
    .filter((file) => file.endsWith('.py') && !file.startsWith('_'))
    .map((file) => /id = "(E9\d{3})"/.exec(readFileSync(join(RULES, file), 'utf8'))?.[1])
    .sort();
  assert.equal(declared, ruleIds);
  assert.ok(ruleIds.length >= 9);
});

for (const id of ruleIds) {
  test(`${id}: passes its good fixture`, () => {
    assert.equal(
      findingsFor(fixture(id, 'good')).map((f) => `${f.Rule.Id}: ${f.Message}`),
      [],
    );
  });

  test(`${id}: flags its bad fixture, naming the resource`, () => {
    const findings = findingsFor(fixture(id, 'bad'));
    const own = findings.filter((f) => f.Rule.Id === id);
    assert.ok(own.length > 0, `${id} did not fire: ${JSON.stringify(findings.map((f) => f.Rule.Id))}`);
    assert.equal(
      findings.map((f) => f.Rule.Id).filter((rule) => rule !== id),
      [],
      'only the rule under test fires',
    );
    const bad = JSON.parse(readFileSync(join(FIXTURES, id, 'bad.json'), 'utf8')) as { Resources: object };
    assert.ok(
      own.every((f) => Object.keys(bad.Resources).some((name) => f.Message.startsWith(`${name} `))),
      own.map((f) => f.Message).join('\n'),
    );
  });
}

test.run();
