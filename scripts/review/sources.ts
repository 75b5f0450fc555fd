/** Where the "before" template of `npm run diff` comes from: a file, or templates/ at a git ref. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isRecord } from './json';
import type { TemplateBody } from './model';

export class SourceError extends Error {
  override name = 'SourceError';
}

function parse(text: string, where: string): TemplateBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SourceError(`${where} is not JSON: ${(error as Error).message}`);
  }
  if (!isRecord(parsed)) throw new SourceError(`${where} is not a template (a JSON object)`);
  return parsed;
}

export function templateFile(file: string): TemplateBody {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SourceError(`cannot read ${file}: ${(error as Error).message}`);
  }
  return parse(text, file);
}

/** `templates/<file>` as committed at `ref`; undefined when the file did not exist there. */
export function templateAtRef(root: string, ref: string, file: string): TemplateBody | undefined {
  const commit = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
    cwd: root,
    encoding: 'utf8',
  });
  if (commit.status !== 0) throw new SourceError(`--git ${ref}: not a commit in this repository`);
  const path = `templates/${file}`;
  const shown = spawnSync('git', ['show', `${commit.stdout.trim()}:${path}`], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (shown.status !== 0) return undefined;
  return parse(shown.stdout, `${path} at ${ref}`);
}
