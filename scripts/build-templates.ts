/** Writes every template in src/templates.ts to templates/, as reviewable pretty JSON. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toPrettyJson } from '../src/core/emit';
import { TEMPLATE_FILES } from '../src/templates';

const outDir = join(import.meta.dirname, '..', 'templates');
mkdirSync(outDir, { recursive: true });
for (const { file, build } of TEMPLATE_FILES) {
  const json = toPrettyJson(build());
  writeFileSync(join(outDir, file), json);
  const resources = Object.keys(JSON.parse(json).Resources).length;
  console.log(`templates/${file}: ${resources} resources, ${Buffer.byteLength(json)} bytes`);
}
