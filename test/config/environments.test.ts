import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  builtFor,
  ConfigError,
  checkConfig,
  defineConfig,
  environmentParameters,
  environmentTemplate,
  pipelineSettings,
  type ServAppConfig,
} from '../../src/config';
import { BUILT_FOR_METADATA, REGIONAL_IDS, tableIds } from '../../src/conventions';
import environments from '../../src/environments';
import { LINT_DATA, TEMPLATE_FILES } from '../../src/templates';
import { resource, resourcesOfType } from '../support/template';

const test = suite('environments: one typed configuration, one regional template each');
const dev = environmentTemplate(environments, 'dev');
const prod = environmentTemplate(environments, 'prod');

test('the build writes a regional template per environment, and the shared bootstrap and pipeline', () => {
  assert.equal(
    TEMPLATE_FILES.map((f) => f.file),
    ['dev/regional.json', 'prod/regional.json', 'bootstrap.json', 'pipeline.json'],
  );
});

test('prod is PROVISIONED with autoscaling, deletion-protected, retained, and keeps logs 30 days; dev is not', () => {
  for (const id of [REGIONAL_IDS.marketDataTable, REGIONAL_IDS.jobsTable]) {
    const table = resource(prod, id);
    assert.is(table.Properties.BillingMode, 'PROVISIONED', id);
    assert.is(table.Properties.DeletionProtectionEnabled, true, id);
    assert.is(table.DeletionPolicy, 'Retain', id);
    assert.is(table.UpdateReplacePolicy, 'Retain', id);
    assert.is(resource(dev, id).Properties.BillingMode, 'PAY_PER_REQUEST', id);
    assert.is(resource(dev, id).DeletionPolicy, 'Delete', id);
    for (const kind of ['Read', 'Write'] as const) {
      assert.is(
        resource(prod, tableIds(id, kind).scalableTarget).Type,
        'AWS::ApplicationAutoScaling::ScalableTarget',
      );
      assert.not.ok(tableIds(id, kind).scalableTarget in dev.Resources);
    }
  }
  assert.is(
    resource(prod, tableIds(REGIONAL_IDS.marketDataTable, 'Write').scalableTarget).Properties.MinCapacity,
    100,
  );
  const retention = (template: typeof dev) =>
    new Set(resourcesOfType(template, 'AWS::Logs::LogGroup').map(([, g]) => g.Properties.RetentionInDays));
  assert.equal([...retention(prod)], [30]);
  assert.equal([...retention(dev)], [7]);
});

test('each template records the environment it was built for, and takes its suffix and tags as defaults', () => {
  assert.equal(prod.Metadata?.[BUILT_FOR_METADATA], {
    name: 'prod',
    suffix: 'prod',
    regions: ['us-east-1', 'us-west-2'],
  });
  assert.equal(builtFor(dev)?.name, 'dev');
  const parameters = prod.Parameters as Record<string, { Default?: unknown }>;
  assert.is(parameters.EnvironmentSuffix?.Default, 'prod');
  assert.is(parameters.Environment?.Default, 'production');
  assert.equal(environmentParameters(environments.environments.prod), {
    Environment: 'production',
    Team: 'market-data',
    CostCenter: 'CC-0000',
  });
});

test('the lint rules read each environment’s retention from the generated conventions file', () => {
  const data = JSON.parse(LINT_DATA.json) as { environments: Record<string, { logRetentionDays: number }> };
  assert.equal(data.environments, { dev: { logRetentionDays: 7 }, prod: { logRetentionDays: 30 } });
});

test('the pipeline promotes dev, then prod after an approval, on one branch', () => {
  assert.equal(pipelineSettings(environments).stages, [
    { environment: 'dev', suffix: 'dev', approval: false },
    { environment: 'prod', suffix: 'prod', approval: true },
  ]);
});

const base = (): ServAppConfig => ({
  environments: {
    dev: {
      suffix: 'dev',
      regions: ['us-east-1'],
      tags: { environment: 'development', team: 't', costCenter: 'c' },
      branch: 'main',
    },
  },
});

/** A configuration with one change, given as a function of a fresh base so cases cannot leak. */
function refused(change: (config: ServAppConfig) => unknown, message: RegExp): void {
  const config = base();
  change(config);
  assert.throws(
    () => checkConfig(config),
    (e: Error) => e instanceof ConfigError && message.test(e.message),
    message.source,
  );
}

/** The dev environment of a configuration, open to wrong keys and values. */
const loose = (c: ServAppConfig, name = 'dev') => c.environments[name] as unknown as Record<string, unknown>;
const environmentsOf = (c: ServAppConfig) => c.environments as unknown as Record<string, unknown>;

test('an unknown environment, key or value is an error that names it', () => {
  assert.throws(
    () => environmentTemplate(environments, 'staging'),
    /unknown environment "staging"; the configuration defines dev, prod/,
  );
  refused((c) => {
    environmentsOf(c).dev = { ...(c.environments.dev as object), colour: 'blue' };
  }, /environments\.dev: unknown key colour; known: suffix, account/);
  refused((c) => {
    loose(c).build = { billingMod: 'PROVISIONED' };
  }, /environments\.dev: unknown option billingMod/);
  refused((c) => {
    loose(c).build = { billingMode: 'FREE' };
  }, /environments\.dev: billingMode must be one of PAY_PER_REQUEST, PROVISIONED, not "FREE"/);
  refused((c) => {
    loose(c).suffix = 'Dev!';
  }, /environments\.dev\.suffix must be 1-10 lower-case letters or digits/);
  refused((c) => {
    loose(c).account = '12';
  }, /environments\.dev\.account must be a 12-digit account id, not "12"/);
  refused((c) => {
    environmentsOf(c).qa = { ...(c.environments.dev as object) };
  }, /environments\.qa\.suffix dev is dev's too/);
  refused((c) => {
    loose(c).parameters = { AlarmEmail: 'not an address' };
  }, /environments\.dev\.parameters\.AlarmEmail: "not an address" does not match its AllowedPattern/);
  refused((c) => {
    loose(c).parameters = { AlarmEmails: 'a@b.co' };
  }, /environments\.dev\.parameters: unknown key AlarmEmails/);
  refused((c) => {
    loose(c).build = { billingMode: 'PROVISIONED' };
    loose(c).parameters = { JobsMaxWriteRequestUnits: 100 };
  }, /environments\.dev\.parameters\.JobsMaxWriteRequestUnits: this environment's template has no such parameter/);
  refused((c) => {
    c.pipeline = { suffix: 'cd', stages: [{ environment: 'prod' }] };
  }, /unknown environment "prod"; the configuration defines dev/);
});

test('defineConfig returns the configuration it checked, with its environment names', () => {
  const config = defineConfig(base());
  assert.equal(Object.keys(config.environments), ['dev']);
  assert.is(environmentTemplate(config, 'dev').Metadata?.[BUILT_FOR_METADATA] !== undefined, true);
  assert.throws(
    () => defineConfig({ environments: {}, extra: 1 } as unknown as ServAppConfig),
    /config: unknown key extra/,
  );
});

test.run();
