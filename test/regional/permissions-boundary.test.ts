import { IAM } from 'cloudform-types';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PERMISSIONS_BOUNDARY_POLICY_NAME } from '../../src/conventions';
import { serviceTrust } from '../../src/core/iam';
import { TemplateBuilder, TemplateError } from '../../src/core/template';
import { regionalTemplate } from '../../src/regional';
import { resourcesOfType } from '../support/template';

const test = suite('regional stack: every role carries the bootstrap permissions boundary');
const BOUNDARY = {
  'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/${PERMISSIONS_BOUNDARY_POLICY_NAME}`,
};

test('every AWS::IAM::Role of every variant has the boundary, by ARN from the account id (no import)', () => {
  for (const options of [{}, { apiAuth: 'API_KEY' as const, billingMode: 'PROVISIONED' as const }]) {
    const roles = resourcesOfType(regionalTemplate(options), 'AWS::IAM::Role');
    assert.ok(roles.length >= 5);
    for (const [id, role] of roles) assert.equal(role.Properties.PermissionsBoundary, BOUNDARY, id);
  }
});

test("every role is named servapp-...-role, the pattern the execution role's IAM grants are limited to", () => {
  for (const [id, role] of resourcesOfType(regionalTemplate(), 'AWS::IAM::Role')) {
    const sub = role.Properties.RoleName['Fn::Sub'];
    assert.match(String(Array.isArray(sub) ? sub[0] : sub), /^servapp-.*-role$/, id);
  }
});

test('the builder applies the boundary to a role added later, and refuses a different one', () => {
  const tags = {
    Project: 'ServApp',
    ENVIRONMENT_SUFFIX: 't',
    REGION: 'r',
    Environment: 'e',
    Team: 't',
    CostCenter: 'c',
  };
  const t = new TemplateBuilder('test', tags, {
    permissionsBoundary: 'arn:aws:iam::123456789012:policy/b',
  });
  const trust = serviceTrust('lambda.amazonaws.com');
  t.resource('LaterRole', new IAM.Role({ AssumeRolePolicyDocument: trust }));
  const later = t.build().Resources.LaterRole as { Properties: Record<string, unknown> };
  assert.is(later.Properties.PermissionsBoundary, 'arn:aws:iam::123456789012:policy/b');
  assert.throws(
    () =>
      t.resource(
        'OtherRole',
        new IAM.Role({
          AssumeRolePolicyDocument: trust,
          PermissionsBoundary: 'arn:aws:iam::123456789012:policy/x',
        }),
      ),
    (error: unknown) => error instanceof TemplateError,
  );
});

test.run();
