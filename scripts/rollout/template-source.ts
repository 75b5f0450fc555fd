/**
 * The regional template as the rollout deploys it: `templates/regional.json` (what reviewers
 * saw), rebuilt from src/ first when it is missing or stale. Sent minified; inline when it fits
 * CloudFormation's 51,200-byte `TemplateBody` limit, else staged in the home region's artifact
 * bucket and passed as `TemplateURL`.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artifactBucketName, stagedTemplateKey } from '../../src/conventions';
import { toMinifiedJson, toPrettyJson } from '../../src/core/emit';
import type { TemplateDocument } from '../../src/core/template';
import { TEMPLATE_FILES } from '../../src/templates';

export const INLINE_TEMPLATE_LIMIT = 51_200;

export interface LoadedTemplate {
  /** The file cfn-lint reads: templates/<name>, or a temporary copy of the fresh build. */
  file: string;
  document: TemplateDocument;
  /** Minified canonical JSON: the bytes CloudFormation receives. */
  body: string;
  sha256: string;
  rebuilt: boolean;
}

export type TemplateSource =
  | { kind: 'inline'; bytes: number }
  | { kind: 'staged'; bytes: number; region: string; bucket: string; key: string; url: string };

/**
 * `writeStale: false` deploys the fresh build without touching templates/: tests use it so that
 * they cannot hide a stale committed template from the freshness test.
 */
/** The template as src/ builds it now: what the rollout deploys, whatever templates/ holds. */
export function freshTemplate(name: string): TemplateDocument {
  const entry = TEMPLATE_FILES.find((t) => t.file === name);
  if (!entry) throw new Error(`src/templates.ts lists no ${name}`);
  return entry.build();
}

export function loadTemplate(root: string, name: string, options: { writeStale: boolean }): LoadedTemplate {
  const file = join(root, 'templates', name);
  const fresh = toPrettyJson(freshTemplate(name));
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const rebuilt = current !== fresh;
  let linted = file;
  if (rebuilt && options.writeStale) writeFileSync(file, fresh);
  // cfn-lint must read what is deployed, even when templates/ is left as it was.
  if (rebuilt && !options.writeStale) {
    linted = join(mkdtempSync(join(tmpdir(), 'servapp-template-')), name);
    writeFileSync(linted, fresh);
  }
  const document = JSON.parse(fresh) as TemplateDocument;
  const body = toMinifiedJson(document);
  return { file: linted, document, body, sha256: createHash('sha256').update(body).digest('hex'), rebuilt };
}

/** Inline when the body fits, else staged under its hash in the home region's artifact bucket. */
export function templateSource(
  template: Pick<LoadedTemplate, 'body' | 'sha256'>,
  where: { stackSet: string; homeRegion: string; account: string; prefix: string },
): TemplateSource {
  const bytes = Buffer.byteLength(template.body);
  if (bytes <= INLINE_TEMPLATE_LIMIT) return { kind: 'inline', bytes };
  const bucket = artifactBucketName(where.prefix, where.account, where.homeRegion);
  const key = stagedTemplateKey(where.stackSet, template.sha256);
  const url = `https://${bucket}.s3.${where.homeRegion}.amazonaws.com/${key}`;
  return { kind: 'staged', bytes, region: where.homeRegion, bucket, key, url };
}
