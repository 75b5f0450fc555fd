import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { REGIONAL_IDS } from '../../src/conventions';
import { KEY_ADMIN_ACTIONS, KEY_POLICY_NOTE } from '../../src/core/kms';
import type { TemplateDocument } from '../../src/core/template';
import { pipelineTemplate } from '../../src/pipeline';
import { regionalTemplate } from '../../src/regional';
import { resource } from '../support/template';

const test = suite('customer-managed keys: no kms:*, administration and use split, never unmanageable');

interface KeyStatement {
  Sid: string;
  Principal: { AWS?: unknown; Service?: unknown };
  Action: string[];
  Condition?: Record<string, Record<string, unknown>>;
}
const keys: [string, TemplateDocument, string][] = [
  [REGIONAL_IDS.dataKey, regionalTemplate(), REGIONAL_IDS.dataKey],
  ['ArtifactKey', pipelineTemplate(), 'ArtifactKey'],
];
const policy = (t: TemplateDocument, id: string) =>
  resource(t, id).Properties.KeyPolicy.Statement as KeyStatement[];

test('no statement of either key names a wildcard action', () => {
  for (const [name, t, id] of keys)
    for (const s of policy(t, id)) for (const a of s.Action) assert.not.match(a, /\*/, `${name} ${s.Sid}`);
});

test('the account keeps every administration action, PutKeyPolicy included, without conditions', () => {
  for (const [name, t, id] of keys) {
    const admin = policy(t, id).find((s) => s.Sid === 'KeyAdministration');
    assert.match(JSON.stringify(admin?.Principal.AWS), /:root"/, name);
    assert.equal(admin?.Action, KEY_ADMIN_ACTIONS);
    assert.is(admin?.Condition, undefined);
    for (const a of [
      'kms:PutKeyPolicy',
      'kms:GetKeyPolicy',
      'kms:ScheduleKeyDeletion',
      'kms:CancelKeyDeletion',
    ])
      assert.ok(admin?.Action.includes(a), `${name} ${a}`);
    for (const a of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'])
      assert.not.ok(admin?.Action.includes(a), `${name}: ${a} is use, not administration`);
  }
});

test("account principals use a key only through the services that encrypt with it, in the key's region", () => {
  const expected: Record<string, string[]> = {
    [REGIONAL_IDS.dataKey]: ['dynamodb', 'lambda', 's3', 'sqs'],
    ArtifactKey: ['codebuild', 's3'],
  };
  for (const [name, t, id] of keys) {
    const use = policy(t, id).find((s) => s.Sid === 'KeyUseThroughServices');
    const via = use?.Condition?.StringEquals?.['kms:ViaService'] as { 'Fn::Sub': string }[];
    assert.equal(
      via.map((v) => v['Fn::Sub']),
      (expected[name] ?? []).map((s) => `${s}.\${AWS::Region}.amazonaws.com`),
    );
    const grants = policy(t, id).find((s) => s.Sid === 'GrantsForServices');
    assert.equal(grants?.Action, ['kms:CreateGrant']);
    assert.equal(grants?.Condition?.Bool, { 'kms:GrantIsForAWSResource': 'true' });
  }
});

test("every statement is explained in the key's Metadata", () => {
  for (const [name, t, id] of keys) {
    const note = (resource(t, id).Metadata?.KeyPolicy ?? {}) as Record<string, string>;
    for (const s of policy(t, id)) assert.ok((note[s.Sid] ?? '').length > 20, `${name} ${s.Sid}`);
  }
  assert.ok(Object.keys(KEY_POLICY_NOTE).length >= 4);
});

test.run();
