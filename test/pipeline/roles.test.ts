import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Statement } from '../../src/core/iam';
import { pipelineTemplate } from '../../src/pipeline';
import { resourcesOfType } from '../support/template';

const test = suite('pipeline roles: no IAM write, so a source change cannot raise them');
const template = pipelineTemplate();

test('the only IAM action any pipeline role holds is PassRole, and only on the StackSet administration role', () => {
  const roles = resourcesOfType(template, 'AWS::IAM::Role');
  assert.is(roles.length, 4); // the pipeline and its build, review and deploy projects
  for (const [id, role] of roles) {
    assert.is(role.Properties.ManagedPolicyArns, undefined, id);
    for (const policy of role.Properties.Policies) {
      for (const s of policy.PolicyDocument.Statement as Statement[]) {
        const iam = s.Action.filter((a) => a.startsWith('iam:') || a.startsWith('sts:'));
        if (iam.length === 0) continue;
        assert.equal(iam, ['iam:PassRole'], `${id} ${s.Sid}`);
        assert.match(JSON.stringify(s.Resource), /:role\/servapp-stackset-administration"/);
      }
    }
  }
});

test('each pipeline role says on the resource why it carries no permissions boundary (E9011)', () => {
  for (const [id, role] of resourcesOfType(template, 'AWS::IAM::Role')) {
    const reasons = role.Metadata?.CfnLintSuppressionReasons as Record<string, string> | undefined;
    assert.ok((reasons?.E9011 ?? '').includes('no IAM write'), id);
  }
});

test.run();
