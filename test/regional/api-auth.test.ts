import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { REGIONAL_IDS } from '../../src/conventions';
import { regionalTemplate } from '../../src/regional';
import { UNAUTHENTICATED_APIS_METADATA } from '../../src/regional/api-auth';
import { OptionsError, type RegionalStackOptions } from '../../src/regional/options';
import { cfnLint } from '../support/cfn-lint';
import { resource } from '../support/template';

const test = suite('regional stack: the API fails closed (IAM unless NONE is chosen, and NONE is on record)');

const routeSecurity = (options: RegionalStackOptions) => {
  const paths = resource(regionalTemplate(options), REGIONAL_IDS.restApi).Properties.Body.paths;
  return ['/upload', '/status/{jobId}', '/results/{symbol}'].map((path) => {
    const methods = paths[path];
    const method = Object.keys(methods).find((m) => m !== 'options') ?? '';
    return methods[method].security;
  });
};

test('an undefined apiAuth (as read from a config file) keeps SigV4 on every route', () => {
  // What a JavaScript caller or a parsed config file can pass despite the type.
  const fromFile = JSON.parse('{"apiAuth": null}') as { apiAuth?: unknown };
  const options = { apiAuth: fromFile.apiAuth ?? undefined } as unknown as RegionalStackOptions;
  for (const security of routeSecurity(options)) assert.equal(security, [{ sigv4: [] }]);
  assert.is(regionalTemplate(options).Metadata?.[UNAUTHENTICATED_APIS_METADATA], undefined);
});

test('an unknown mode is an OptionsError naming the known ones, not an open API', () => {
  for (const apiAuth of ['iam', 'COGNITO', '', 0]) {
    assert.throws(
      () => regionalTemplate({ apiAuth } as unknown as RegionalStackOptions),
      (error: unknown) => error instanceof OptionsError && /IAM, API_KEY, NONE/.test(String(error)),
      `apiAuth ${JSON.stringify(apiAuth)}`,
    );
  }
});

test("an explicit NONE opens the routes and records the choice in the template's Metadata", () => {
  for (const security of routeSecurity({ apiAuth: 'NONE' })) assert.equal(security, []);
  const record = regionalTemplate({ apiAuth: 'NONE' }).Metadata?.[UNAUTHENTICATED_APIS_METADATA] as Record<
    string,
    string
  >;
  assert.ok((record[REGIONAL_IDS.restApi]?.length ?? 0) > 20, JSON.stringify(record));
  for (const apiAuth of ['IAM', 'API_KEY'] as const) {
    assert.is(regionalTemplate({ apiAuth }).Metadata?.[UNAUTHENTICATED_APIS_METADATA], undefined, apiAuth);
  }
});

test('cfn-lint E9010 fails the NONE template once its record is removed, and passes it with the record', () => {
  const dir = mkdtempSync(join(tmpdir(), 'servapp-api-auth-'));
  const recorded = regionalTemplate({ apiAuth: 'NONE' });
  const stripped = structuredClone(recorded);
  delete stripped.Metadata?.[UNAUTHENTICATED_APIS_METADATA];
  const files = { recorded: join(dir, 'recorded.json'), stripped: join(dir, 'stripped.json') };
  writeFileSync(files.recorded, JSON.stringify(recorded));
  writeFileSync(files.stripped, JSON.stringify(stripped));
  const { findings } = cfnLint(['--', files.recorded, files.stripped]);
  const e9010 = (file: string) =>
    findings.filter((f) => f.Rule.Id === 'E9010' && f.Filename === file).map((f) => f.Message);
  assert.equal(e9010(files.recorded), []);
  assert.equal(e9010(files.stripped).sort(), [
    `${REGIONAL_IDS.restApi} publishes GET /results/{symbol} without authorization`,
    `${REGIONAL_IDS.restApi} publishes GET /status/{jobId} without authorization`,
    `${REGIONAL_IDS.restApi} publishes POST /upload without authorization`,
  ]);
});

test.run();
