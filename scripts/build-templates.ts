/**
 * Writes every template in src/templates.ts to templates/ (one regional template per environment
 * of src/environments.ts, plus the bootstrap and pipeline templates) as reviewable pretty JSON,
 * the OpenAPI document, and the conventions file the cfn-lint rules read.
 */
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { API_DOCUMENT_FILE, apiDocumentJson } from '../src/api-document';
import { toPrettyJson } from '../src/core/emit';
import { LINT_DATA, TEMPLATE_FILES } from '../src/templates';
import { defineCommand } from './cli/args';

defineCommand({
  name: 'build:templates',
  usage: `usage: npm run build:templates
Writes templates/<env>/regional.json for each environment of src/environments.ts, templates/bootstrap.json,
templates/pipeline.json (deterministic, reviewable), the OpenAPI document, and the cfn-lint rules' conventions file.
  -h, --help   this help`,
  options: {},
}).begin();

const root = join(import.meta.dirname, '..');
const outDir = join(root, 'templates');
const write = (file: string, text: string) => {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
};

const written = new Set<string>();
for (const { file, build } of TEMPLATE_FILES) {
  const json = toPrettyJson(build());
  write(join(outDir, file), json);
  written.add(join(outDir, file));
  const resources = Object.keys(JSON.parse(json).Resources).length;
  console.log(`templates/${file}: ${resources} resources, ${Buffer.byteLength(json)} bytes`);
}
const apiFile = join(outDir, API_DOCUMENT_FILE);
write(apiFile, apiDocumentJson());
written.add(apiFile);
console.log(
  `templates/${API_DOCUMENT_FILE}: OpenAPI ${Object.keys(JSON.parse(apiDocumentJson()).paths).length} paths`,
);
write(join(root, LINT_DATA.file), LINT_DATA.json);
console.log(`${LINT_DATA.file}: conventions for the cfn-lint rules`);

// A template of an environment that no longer exists must not linger where reviewers and cfn-lint look.
const sweep = (dir: string): void => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sweep(path);
    else if (name.endsWith('.json') && !written.has(path)) {
      rmSync(path);
      console.log(`templates/${relative(outDir, path)}: removed (no longer built)`);
    }
  }
};
sweep(outDir);
