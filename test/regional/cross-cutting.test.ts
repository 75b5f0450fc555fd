import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { functionIds, REGIONAL_OUTPUTS, STANDARD_TAG_KEYS } from '../../src/conventions';
import { regionalTemplate } from '../../src/regional';
import { ROOT } from '../support/cfn-lint';
import { resourcesOfType } from '../support/template';

const test = suite('regional stack: tags, names, parameters, outputs');
const template = regionalTemplate();
const SCHEMAS = join(
  ROOT,
  '.tools',
  'venv-cfn-lint',
  'lib',
  'python3.11',
  'site-packages',
  'cfnlint',
  'data',
  'schemas',
);

/** Types that have a Tags property, according to cfn-lint's copy of the CloudFormation registry schemas. */
function schemaSaysTaggable(type: string): boolean {
  const index = JSON.parse(readFileSync(join(SCHEMAS, 'providers', 'us-east-1.json'), 'utf8')) as Record<
    string,
    string
  >;
  const file = join(SCHEMAS, 'resources', `${index[type]}.json`);
  if (!index[type] || !existsSync(file)) throw new Error(`cfn-lint has no schema for ${type}`);
  const schema = JSON.parse(readFileSync(file, 'utf8')) as { properties: Record<string, unknown> };
  return 'Tags' in schema.properties;
}

test('every taggable resource carries Project, ENVIRONMENT_SUFFIX, REGION, Environment, Team, CostCenter', () => {
  const variants = [template, regionalTemplate({ billingMode: 'PROVISIONED', apiAuth: 'API_KEY' })];
  for (const variant of variants) {
    let checked = 0;
    for (const [id, r] of Object.entries(variant.Resources) as [
      string,
      { Type: string; Properties: { Tags?: { Key: string; Value: unknown }[] } },
    ][]) {
      if (!schemaSaysTaggable(r.Type)) continue;
      const tags = r.Properties.Tags ?? [];
      assert.equal(
        tags.map((tag) => tag.Key),
        [...STANDARD_TAG_KEYS],
        `${id} (${r.Type})`,
      );
      const byKey = Object.fromEntries(tags.map((tag) => [tag.Key, tag.Value]));
      assert.is(byKey.Project, 'ServApp');
      assert.equal(byKey.ENVIRONMENT_SUFFIX, { Ref: 'EnvironmentSuffix' });
      assert.equal(byKey.REGION, { Ref: 'AWS::Region' });
      checked += 1;
    }
    assert.ok(checked >= 25, `only ${checked} taggable resources checked`);
  }
});

test('names carry the environment suffix and the normalised region id', () => {
  const [, table] = resourcesOfType(template, 'AWS::DynamoDB::Table')[0] ?? [];
  assert.equal(table?.Properties.TableName, {
    'Fn::Sub': [
      'servapp-${EnvironmentSuffix}-${RegionId}-market-data',
      { RegionId: { 'Fn::FindInMap': ['RegionIds', { Ref: 'AWS::Region' }, 'Id'] } },
    ],
  });
  assert.equal(template.Mappings?.RegionIds, { 'us-east-1': { Id: 'use1' }, 'us-west-2': { Id: 'usw2' } });
});

test('every parameter has a description, a console label and a group', () => {
  const parameters = template.Parameters as Record<string, { Description?: string }>;
  const ui = template.Metadata?.['AWS::CloudFormation::Interface'] as {
    ParameterGroups: { Parameters: string[] }[];
    ParameterLabels: Record<string, { default: string }>;
  };
  const grouped = ui.ParameterGroups.flatMap((group) => group.Parameters).sort();
  assert.equal(grouped, Object.keys(parameters).sort());
  for (const [id, parameter] of Object.entries(parameters)) {
    assert.ok(parameter.Description && parameter.Description.length > 10, id);
    assert.ok(ui.ParameterLabels[id]?.default, id);
  }
});

test('outputs: API endpoint, each Lambda ARN, table names, bucket name', () => {
  assert.equal(Object.keys(template.Outputs ?? {}).sort(), [
    REGIONAL_OUTPUTS.apiEndpoint,
    REGIONAL_OUTPUTS.jobsTableName,
    REGIONAL_OUTPUTS.marketDataTableName,
    functionIds('processor').arnOutput,
    functionIds('results').arnOutput,
    functionIds('status').arnOutput,
    REGIONAL_OUTPUTS.uploadBucketName,
    functionIds('upload').arnOutput,
    functionIds('worker').arnOutput,
  ]);
});

test('options are validated before anything is built', () => {
  assert.throws(() => regionalTemplate({ environmentSuffix: 'Prod-1' }), /environmentSuffix/);
  assert.throws(() => regionalTemplate({ logRetentionDays: 10 }), /logRetentionDays/);
  assert.throws(
    () => regionalTemplate({ apiFunctions: { memoryMb: 512, timeoutSeconds: 60, reservedConcurrency: 10 } }),
    /timeoutSeconds/,
  );
  assert.throws(() => regionalTemplate({ asyncRetries: 3 }), /asyncRetries/);
});

test.run();
