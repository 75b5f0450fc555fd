import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { API_DOCUMENT_FILE, apiDocumentJson } from '../../src/api-document';
import { environmentOptions } from '../../src/config';
import { toMinifiedJson, toPrettyJson } from '../../src/core/emit';
import environments from '../../src/environments';
import { regionalTemplate } from '../../src/regional';
import type { RegionalStackOptions } from '../../src/regional/options';
import { LINT_DATA, TEMPLATE_FILES } from '../../src/templates';
import { cfnLint, ROOT } from '../support/cfn-lint';

const test = suite('templates/: fresh, deterministic, within limits, lint-clean');

/** CloudFormation's hard limits (via S3); the inline limit is reported by npm run bench:templates. */
const MAX_TEMPLATE_BYTES = 1_000_000;
const MAX_RESOURCES = 500;
const MAX_PARAMETERS = 200;
const MAX_OUTPUTS = 200;

test('two builds are byte-identical', () => {
  for (const { file, build } of TEMPLATE_FILES) assert.is(toPrettyJson(build()), toPrettyJson(build()), file);
});

test('the committed templates equal a fresh build (run npm run build:templates if this fails)', () => {
  for (const { file, build } of TEMPLATE_FILES) {
    const committed = readFileSync(join(ROOT, 'templates', file), 'utf8');
    assert.ok(committed === toPrettyJson(build()), `templates/${file} is stale: run npm run build:templates`);
  }
});

test('the cfn-lint rules read a fresh conventions file, and templates/ holds nothing the build does not write', () => {
  const committed = readFileSync(join(ROOT, LINT_DATA.file), 'utf8');
  assert.ok(committed === LINT_DATA.json, `${LINT_DATA.file} is stale: run npm run build:templates`);
  const built = new Set([...TEMPLATE_FILES.map((t) => t.file), API_DOCUMENT_FILE]);
  const onDisk = readdirSync(join(ROOT, 'templates'), { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.json'),
  );
  assert.equal(
    onDisk.filter((f) => !built.has(f)),
    [],
    'stale files in templates/: run npm run build:templates',
  );
});

test('the committed OpenAPI document equals a fresh export from the contract', () => {
  const committed = readFileSync(join(ROOT, 'templates', API_DOCUMENT_FILE), 'utf8');
  assert.ok(
    committed === apiDocumentJson(),
    `templates/${API_DOCUMENT_FILE} is stale: run npm run build:templates`,
  );
});

test('every template is within CloudFormation limits', () => {
  for (const { file, build } of TEMPLATE_FILES) {
    const template = build();
    assert.ok(Buffer.byteLength(toMinifiedJson(template)) < MAX_TEMPLATE_BYTES, file);
    assert.ok(Object.keys(template.Resources).length <= MAX_RESOURCES, file);
    assert.ok(Object.keys(template.Parameters ?? {}).length <= MAX_PARAMETERS, file);
    assert.ok(Object.keys(template.Outputs ?? {}).length <= MAX_OUTPUTS, file);
  }
});

test('cfn-lint (pinned, with .cfnlintrc): zero errors, zero warnings, zero informational findings', () => {
  const result = cfnLint([]);
  const summary = result.findings.map((f) => `${f.Rule.Id} ${f.Filename}: ${f.Message}`).join('\n');
  assert.equal(result.findings.length, 0, summary);
  assert.is(result.status, 0);
});

test('cfn-lint: the option variants are lint-clean too (provisioned, protected, API key, no auth, prod with an API key)', () => {
  const prodOptions = environmentOptions(environments.environments.prod);
  const variants: Record<string, [RegionalStackOptions, { name: string }?]> = {
    provisioned: [{ billingMode: 'PROVISIONED', deletionProtection: true }],
    apiKey: [{ apiAuth: 'API_KEY' }],
    open: [{ apiAuth: 'NONE', regions: ['eu-west-1'] }],
    // prod's 30-day logs with another auth mode: the retention rule reads prod's from the configuration.
    prodApiKey: [{ ...prodOptions, apiAuth: 'API_KEY' }, { name: 'prod' }],
  };
  const dir = mkdtempSync(join(tmpdir(), 'servapp-variants-'));
  const files = Object.entries(variants).map(([name, [options, builtFor]]) => {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, toPrettyJson(regionalTemplate(options, builtFor)));
    return file;
  });
  const result = cfnLint(['--regions', 'us-east-1', 'us-west-2', '--include-checks', 'I', '--', ...files]);
  assert.equal(
    result.findings.map((f) => `${f.Rule.Id} ${f.Filename}: ${f.Message}`),
    [],
  );
});

test('cfn-lint really checks: a broken fixture template is flagged', () => {
  const result = cfnLint(['--', join(ROOT, 'test', 'fixtures', 'templates', 'broken.json')]);
  const ids = result.findings.map((f) => f.Rule.Id);
  assert.ok(ids.includes('E3002') || ids.includes('E3003'), ids.join(','));
  assert.is.not(result.status, 0);
});

test.run();
