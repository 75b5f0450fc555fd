import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { REGIONAL_IDS } from '../../src/conventions';
import { regionalTemplate } from '../../src/regional';
import { resolveWith } from '../support/conditions';
import { resource } from '../support/template';

const test = suite('regional stack: table capacity is a deploy-time choice');
const template = regionalTemplate();
const parameters = template.Parameters as Record<string, Record<string, unknown>>;
const CAPS = [
  'MarketDataMaxReadRequestUnits',
  'MarketDataMaxWriteRequestUnits',
  'JobsMaxReadRequestUnits',
  'JobsMaxWriteRequestUnits',
];
const WARM = ['MarketDataWarmReadUnitsPerSecond', 'MarketDataWarmWriteUnitsPerSecond'];

function labels(doc: typeof template): Record<string, string> {
  const ui = (doc.Metadata?.['AWS::CloudFormation::Interface'] ?? {}) as {
    ParameterLabels: Record<string, { default: string }>;
    ParameterGroups: { Label: { default: string }; Parameters: string[] }[];
  };
  const group = ui.ParameterGroups.find((g) => g.Label.default === 'Table capacity');
  assert.ok(group, 'a "Table capacity" parameter group');
  return Object.fromEntries(group.Parameters.map((p) => [p, ui.ParameterLabels[p]?.default ?? '']));
}

test('both tables take their on-demand read and write caps from labelled parameters', () => {
  const shown = labels(template);
  for (const id of CAPS) {
    assert.is(parameters[id]?.Type, 'Number', id);
    assert.is(parameters[id]?.MinValue, 1, id);
    assert.ok(shown[id], `${id} has a console label`);
  }
  assert.equal(resource(template, REGIONAL_IDS.jobsTable).Properties.OnDemandThroughput, {
    MaxReadRequestUnits: { Ref: 'JobsMaxReadRequestUnits' },
    MaxWriteRequestUnits: { Ref: 'JobsMaxWriteRequestUnits' },
  });
});

test('the default caps are 40,000 units/s, the default table quota: 100 workers are not throttled by the stack', () => {
  for (const id of CAPS) assert.is(parameters[id]?.Default, 40000, id);
  // 100 workers at the per-worker rate the README assumes (10,000 rows/s) could use far more than
  // 40,000 units/s: the account's own per-table quota binds, not a lower cap of the stack's (was 4,000).
  assert.ok((parameters.MarketDataMaxWriteRequestUnits?.Default as number) > 4000);
});

test('the onDemandMax build option is the parameters’ default, not a second, diverging setting', () => {
  const built = regionalTemplate({ onDemandMax: { read: 1000, write: 2500 } });
  const p = built.Parameters as Record<string, { Default?: unknown }>;
  assert.is(p.MarketDataMaxReadRequestUnits?.Default, 1000);
  assert.is(p.MarketDataMaxWriteRequestUnits?.Default, 2500);
  assert.is(p.JobsMaxWriteRequestUnits?.Default, 2500);
  const table = resource(built, REGIONAL_IDS.marketDataTable).Properties;
  assert.equal(resolveWith(built, {}, table.OnDemandThroughput), {
    MaxReadRequestUnits: 1000,
    MaxWriteRequestUnits: 2500,
  });
});

test('a deployer’s cap reaches the table', () => {
  const table = resource(template, REGIONAL_IDS.marketDataTable).Properties;
  assert.equal(resolveWith(template, { MarketDataMaxWriteRequestUnits: 8000 }, table.OnDemandThroughput), {
    MaxReadRequestUnits: 40000,
    MaxWriteRequestUnits: 8000,
  });
});

test('provisioned mode has no on-demand cap parameters (they would not apply)', () => {
  const built = regionalTemplate({ billingMode: 'PROVISIONED' });
  for (const id of CAPS) assert.not.ok(id in (built.Parameters ?? {}), id);
  assert.not.ok(resource(built, REGIONAL_IDS.marketDataTable).Properties.OnDemandThroughput);
});

test('warm throughput is optional: 0 (the default) leaves the property out', () => {
  const shown = labels(template);
  for (const id of WARM) {
    assert.is(parameters[id]?.Default, 0, id);
    assert.is(parameters[id]?.MinValue, 0, id);
    assert.ok(shown[id], `${id} has a console label`);
  }
  const table = resolveWith(
    template,
    {},
    resource(template, REGIONAL_IDS.marketDataTable).Properties,
  ) as Record<string, unknown>;
  assert.not.ok('WarmThroughput' in table);
});

test('warm throughput: each value the deployer sets, and only those, reaches the table', () => {
  const warm = resource(template, REGIONAL_IDS.marketDataTable).Properties.WarmThroughput;
  const read = 'MarketDataWarmReadUnitsPerSecond';
  const write = 'MarketDataWarmWriteUnitsPerSecond';
  assert.equal(resolveWith(template, { [read]: 15000, [write]: 20000 }, warm), {
    ReadUnitsPerSecond: 15000,
    WriteUnitsPerSecond: 20000,
  });
  assert.equal(resolveWith(template, { [write]: 20000 }, warm), { WriteUnitsPerSecond: 20000 });
  assert.equal(resolveWith(template, { [read]: 15000 }, warm), { ReadUnitsPerSecond: 15000 });
});

test('the jobs table has no warm throughput: a few writes per part do not need it', () => {
  assert.not.ok(resource(template, REGIONAL_IDS.jobsTable).Properties.WarmThroughput);
});

test.run();
