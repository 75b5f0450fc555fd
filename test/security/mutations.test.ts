/**
 * Proof that the threat-model suite can fail: each mutation weakens one control in a copy of the
 * built templates, and the claim that control upholds must then fail while it holds unmutated.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Statement } from '../../src/core/iam';
import { sub } from '../../src/core/intrinsics';
import type { TemplateDocument } from '../../src/core/template';
import { type BuiltTemplates, builtTemplates, copyTemplates } from '../support/built-templates';
import { decide } from '../support/iam-simulation';
import { meets, threatModel } from './claims';
import { World } from './world';

const test = suite('threat model mutations: each weakened control makes its claim fail');
const built = builtTemplates();

interface ResourceJson {
  Properties: Record<string, unknown>;
}

function properties(template: TemplateDocument, id: string): Record<string, unknown> {
  const found = template.Resources[id] as ResourceJson | undefined;
  if (!found) throw new Error(`no resource ${id}`);
  return found.Properties;
}

function statements(document: unknown): Statement[] {
  return (document as { Statement: Statement[] }).Statement;
}

function statement(document: unknown, sid: string): Statement {
  const found = statements(document).find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid}`);
  return found;
}

const boundary = (t: BuiltTemplates) => properties(t.bootstrap, 'PermissionsBoundary').PolicyDocument;
const executionPolicy = (t: BuiltTemplates) =>
  (properties(t.bootstrap, 'StackSetExecutionRole').Policies as { PolicyDocument: unknown }[])[0]
    ?.PolicyDocument;
const rolePolicy = (t: BuiltTemplates, id: string) =>
  (properties(t.dev, id).Policies as { PolicyDocument: unknown }[])[0]?.PolicyDocument;

async function decisionOf(templates: BuiltTemplates, claimId: string) {
  const claim = threatModel(new World(templates)).find((c) => c.id === claimId);
  if (!claim) throw new Error(`no claim ${claimId}`);
  return { claim, holds: meets(await decide(claim.request), claim.expect) };
}

const mutations: { name: string; breaks: string[]; mutate: (t: BuiltTemplates) => void }[] = [
  {
    name: "a dropped boundary condition (the boundary's key use without the Project tag)",
    breaks: ['hostile-uses-other-team-key', 'hostile-uses-untagged-key'],
    mutate: (t) => {
      delete statement(boundary(t), 'UseKeys').Condition;
    },
  },
  {
    name: "a dropped boundary condition (execution log groups for any bounded role, not the logging role's)",
    breaks: ['hostile-writes-other-api-logs'],
    mutate: (t) => {
      delete statement(boundary(t), 'ApiGatewayLogs').Condition;
    },
  },
  {
    name: "a widened resource (the execution role's functions: function:*)",
    breaks: ['execution-changes-other-function'],
    mutate: (t) => {
      statement(executionPolicy(t), 'Functions').Resource = [
        sub('arn:${AWS::Partition}:lambda:*:${AWS::AccountId}:function:*'),
      ];
    },
  },
  {
    name: "a widened resource (the status function's table: every table)",
    breaks: ['status-reads-rows'],
    mutate: (t) => {
      statement(rolePolicy(t, 'StatusRole'), 'ReadJob').Resource = [
        sub('arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*'),
      ];
    },
  },
  {
    name: "a removed Deny (the boundary's artifact buckets)",
    breaks: ['hostile-plants-code', 'hostile-plants-pipeline-artifacts'],
    mutate: (t) => {
      const doc = boundary(t) as { Statement: Statement[] };
      doc.Statement = doc.Statement.filter((s) => s.Sid !== 'NoArtifactBuckets');
    },
  },
  {
    name: "a removed Deny (the execution role's writes to roles without the boundary)",
    breaks: ['execution-DeleteRole-unbounded', 'execution-creates-unbounded-role'],
    mutate: (t) => {
      const doc = executionPolicy(t) as { Statement: Statement[] };
      doc.Statement = doc.Statement.filter((s) => s.Sid !== 'NoRoleWithoutBoundary');
    },
  },
  {
    name: 'a role without the boundary (the processor role)',
    breaks: ['execution-creates-ProcessorRole'],
    mutate: (t) => {
      delete properties(t.dev, 'ProcessorRole').PermissionsBoundary;
    },
  },
  {
    name: 'a key policy without kms:ViaService (the data key)',
    breaks: ['analyst-decrypts-directly'],
    mutate: (t) => {
      const use = statement(properties(t.dev, 'DataKey').KeyPolicy, 'KeyUseThroughServices');
      const equals = use.Condition?.StringEquals;
      if (!equals) throw new Error('KeyUseThroughServices has no StringEquals');
      delete equals['kms:ViaService'];
    },
  },
];

for (const mutation of mutations) {
  test(`${mutation.name} fails ${mutation.breaks.join(', ')}`, async () => {
    const mutated = copyTemplates(built);
    mutation.mutate(mutated);
    for (const id of mutation.breaks) {
      assert.ok((await decisionOf(built, id)).holds, `${id} does not hold unmutated`);
      const { claim, holds } = await decisionOf(mutated, id);
      assert.not.ok(holds, `${id} (${claim.expect}) still holds after the mutation`);
    }
  });
}

test('the mutations leave the original templates untouched', async () => {
  assert.equal(built, builtTemplates());
});

test.run();
