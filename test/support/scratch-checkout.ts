/**
 * A throw-away copy of the parts of the repository a rollout builds from (lambda-src/, src/, the
 * package manifest and lockfile), with the rest linked (node_modules, .tools, scripts, .cfnlintrc): a test may change a
 * handler's source there without touching the working tree.
 */
import { cpSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

export function scratchCheckout(): string {
  const root = mkdtempSync(join(tmpdir(), 'servapp-checkout-'));
  for (const copied of ['lambda-src', 'src', 'package.json', 'package-lock.json', 'tsconfig.json'])
    cpSync(join(REPO_ROOT, copied), join(root, copied), { recursive: true });
  for (const linked of ['node_modules', '.tools', 'scripts', '.cfnlintrc'])
    symlinkSync(join(REPO_ROOT, linked), join(root, linked));
  return root;
}
