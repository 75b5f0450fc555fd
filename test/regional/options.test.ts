/**
 * Options fail closed and say why: an undefined option keeps its default, nested options are
 * partial, an unknown or wrong-typed value is an OptionsError naming the option, the defaults
 * cannot be changed by a caller, and no option can make a parameter default that breaks its own
 * constraint.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { regionalTemplate } from '../../src/regional';
import {
  OptionsError,
  REGIONAL_DEFAULTS,
  type RegionalStackOptions,
  resolveOptions,
} from '../../src/regional/options';
import { resourcesOfType } from '../support/template';

const test = suite('regional stack: options fail closed and say why');

const refuses = (options: unknown, message: RegExp) => {
  assert.throws(
    () => regionalTemplate(options as RegionalStackOptions),
    (error: unknown) => error instanceof OptionsError && message.test(error.message),
  );
};

test('billingMode: undefined keeps BillingMode on the tables (on-demand)', () => {
  const tables = resourcesOfType(regionalTemplate({ billingMode: undefined }), 'AWS::DynamoDB::Table');
  assert.ok(tables.length >= 2);
  for (const [, table] of tables) assert.is(table.Properties.BillingMode, 'PAY_PER_REQUEST');
});

test('processor: undefined keeps the processor defaults instead of crashing', () => {
  assert.equal(resolveOptions({ processor: undefined }).processor, REGIONAL_DEFAULTS.processor);
});

test('apiAuth: undefined keeps IAM, and an unknown mode is refused', () => {
  assert.is(resolveOptions({ apiAuth: undefined }).apiAuth, 'IAM');
  const methods = resourcesOfType(regionalTemplate({ apiAuth: undefined }), 'AWS::ApiGateway::RestApi');
  assert.is(methods.length, 1);
  refuses({ apiAuth: 'OPEN' }, /apiAuth must be one of IAM, API_KEY, NONE, not "OPEN"/);
});

test('a nested option can be set partially; the rest keep their defaults', () => {
  const s = resolveOptions({ processor: { memoryMb: 512 }, throttle: { burstLimit: 3000 } });
  assert.equal(s.processor, { ...REGIONAL_DEFAULTS.processor, memoryMb: 512 });
  assert.equal(s.throttle, { rateLimit: 1000, burstLimit: 3000 });
});

test('unknown values are refused with the option, the value and what is allowed', () => {
  refuses({ billingMode: 'FOO' }, /billingMode must be one of PAY_PER_REQUEST, PROVISIONED, not "FOO"/);
  refuses({ architecture: 'mips' }, /architecture must be one of arm64, x86_64/);
  refuses({ runtime: 'nodejs99.x' }, /runtime must be one of nodejs22\.x, nodejs24\.x, not "nodejs99\.x"/);
  refuses({ processr: {} }, /unknown option processr/);
  refuses({ processor: { memoryMB: 512 } }, /unknown option processor\.memoryMB/);
  refuses({ deletionProtection: 'yes' }, /deletionProtection must be a boolean, not "yes"/);
  refuses({ processor: 512 }, /processor must be an object/);
  refuses({ regions: 'us-east-1' }, /regions must be a list/);
  refuses({ regions: ['us-east-1', 'Mars'] }, /regions: "Mars" is not a region name/);
});

test('a burst below the rate limit is refused', () => {
  refuses(
    { throttle: { rateLimit: 1000, burstLimit: 500 } },
    /burstLimit \(500\) must be at least throttle\.rateLimit \(1000\)/,
  );
});

test('a tag value that breaks its parameter AllowedPattern is refused at build time', () => {
  refuses({ team: 'a"b' }, /team must be 1-128 of letters/);
  refuses({ costCenter: '' }, /costCenter must be/);
});

test('the defaults are frozen: mutating them throws and later builds are unchanged', () => {
  const before = JSON.stringify(regionalTemplate());
  const defaults = REGIONAL_DEFAULTS as unknown as { apiAuth: string; processor: { memoryMb: number } };
  assert.throws(() => {
    defaults.apiAuth = 'NONE';
  }, TypeError);
  assert.throws(() => {
    defaults.processor.memoryMb = 128;
  }, TypeError);
  assert.is(JSON.stringify(regionalTemplate()), before);
});

test('resolved settings are the caller’s own copy: changing them does not touch the defaults', () => {
  const s = resolveOptions({});
  s.processor.memoryMb = 1024;
  assert.is(REGIONAL_DEFAULTS.processor.memoryMb, 3072);
});

test.run();
