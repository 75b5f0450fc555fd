/**
 * The regional template as the rollout deploys it: `templates/<env>/regional.json` (what
 * reviewers saw), rebuilt from src/ first when it is missing or stale, or a built file given by
 * `--template` (the pipeline's artifact), deployed as it is. Either way it must record that it was
 * built for the environment being rolled out. Sent minified; inline when it fits CloudFormation's
 * 51,200-byte `TemplateBody` limit, else staged in the home region's artifact bucket and passed
 * as `TemplateURL`.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { builtFor } from '../../src/config';
import { artifactBucketName, stagedTemplateKey } from '../../src/conventions';
import { toMinifiedJson, toPrettyJson } from '../../src/core/emit';
import type { TemplateDocument } from '../../src/core/template';
import { regionalTemplateFile, TEMPLATE_FILES } from '../../src/templates';
import { UsageError } from '../cli/args';

export const INLINE_TEMPLATE_LIMIT = 51_200;

export interface LoadedTemplate {
  /** The file cfn-lint reads: templates/<name>, or a temporary copy of the fresh build. */
  file: string;
  /** How the run names it: `templates/prod/regional.json`, or the --template path. */
  label: string;
  document: TemplateDocument;
  /** Minified canonical JSON: the bytes CloudFormation receives. */
  body: string;
  sha256: string;
  rebuilt: boolean;
}

export type TemplateSource =
  | { kind: 'inline'; bytes: number }
  | { kind: 'staged'; bytes: number; region: string; bucket: string; key: string; url: string };

/** The template as src/ builds it now: what the rollout deploys, whatever templates/ holds. */
export function freshTemplate(name: string): TemplateDocument {
  const entry = TEMPLATE_FILES.find((t) => t.file === name);
  if (!entry) throw new Error(`src/templates.ts lists no ${name}`);
  return entry.build();
}

/** A built template file, deployed as it is: nothing is rebuilt, so what was reviewed is what deploys. */
export function loadBuiltTemplate(file: string): LoadedTemplate {
  if (!existsSync(file)) throw new UsageError(`--template ${file}: no such file`);
  let document: TemplateDocument;
  try {
    document = JSON.parse(readFileSync(file, 'utf8')) as TemplateDocument;
  } catch (error) {
    throw new UsageError(`--template ${file}: not a JSON template (${(error as Error).message})`);
  }
  const body = toMinifiedJson(document);
  const sha256 = createHash('sha256').update(body).digest('hex');
  return { file, label: file, document, body, sha256, rebuilt: false };
}

/**
 * Refuses a template built for another environment (or for none): its Metadata records the
 * environment, suffix and regions it was built for.
 */
export function refuseOtherEnvironment(
  template: Pick<LoadedTemplate, 'document' | 'label'>,
  wanted: { environment: string; environmentSuffix: string },
): void {
  const record = builtFor(template.document);
  if (!record)
    throw new UsageError(
      `${template.label} records no environment it was built for; build it with npm run build:templates`,
    );
  if (record.name !== wanted.environment || record.suffix !== wanted.environmentSuffix)
    throw new UsageError(
      `${template.label} was built for ${record.name} (suffix ${record.suffix}), not ${wanted.environment} (suffix ${wanted.environmentSuffix}); refusing to roll it out as ${wanted.environment}`,
    );
}

/**
 * An environment's regional template from templates/, rebuilt when stale. `writeStale: false`
 * deploys the fresh build without touching templates/: tests use it so that they cannot hide a
 * stale committed template from the freshness test.
 */
export function loadEnvironmentTemplate(
  root: string,
  environment: string,
  options: { writeStale: boolean },
): LoadedTemplate {
  return loadTemplate(root, regionalTemplateFile(environment), options);
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
    // `name` is `<env>/regional.json`: its folder does not exist in the fresh temporary one.
    mkdirSync(dirname(linted), { recursive: true });
    writeFileSync(linted, fresh);
  }
  const document = JSON.parse(fresh) as TemplateDocument;
  const body = toMinifiedJson(document);
  const label = relative(root, file);
  return {
    file: linted,
    label,
    document,
    body,
    sha256: createHash('sha256').update(body).digest('hex'),
    rebuilt,
  };
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
