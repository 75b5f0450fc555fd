/** Writes every template in src/templates.ts to templates/, as reviewable pretty JSON, and the OpenAPI document. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { API_DOCUMENT_FILE, apiDocumentJson } from '../src/api-document';
import { toPrettyJson } from '../src/core/emit';
import { TEMPLATE_FILES } from '../src/templates';
import { defineCommand } from './cli/args';

defineCommand({
  name: 'build:templates',
  usage: `usage: npm run build:templates
Writes every template to templates/*.json (deterministic, reviewable) and the OpenAPI document.
  -h, --help   this help`,
  options: {},
}).begin();

const outDir = join(import.meta.dirname, '..', 'templates');
mkdirSync(outDir, { recursive: true });
for (const { file, build } of TEMPLATE_FILES) {
  const json = toPrettyJson(build());
  writeFileSync(join(outDir, file), json);
  const resources = Object.keys(JSON.parse(json).Resources).length;
  console.log(`templates/${file}: ${resources} resources, ${Buffer.byteLength(json)} bytes`);
}
const apiFile = join(outDir, API_DOCUMENT_FILE);
mkdirSync(dirname(apiFile), { recursive: true });
writeFileSync(apiFile, apiDocumentJson());
console.log(
  `templates/${API_DOCUMENT_FILE}: OpenAPI ${Object.keys(JSON.parse(apiDocumentJson()).paths).length} paths`,
);
