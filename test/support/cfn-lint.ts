/** Runs the pinned cfn-lint from the project-local venv (scripts/provision-tools.sh installs it). */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CFN_LINT = join(ROOT, '.tools', 'venv-cfn-lint', 'bin', 'cfn-lint');

export interface LintResult {
  status: number;
  findings: { Rule: { Id: string }; Message: string; Filename: string; Level: string }[];
}

export function cfnLint(args: string[]): LintResult {
  if (!existsSync(CFN_LINT))
    throw new Error(`cfn-lint is not installed: run bash scripts/provision-tools.sh cfn-lint`);
  const run = spawnSync(CFN_LINT, ['--format', 'json', ...args], { cwd: ROOT, encoding: 'utf8' });
  if (run.error) throw run.error;
  const findings = run.stdout.trim() ? JSON.parse(run.stdout) : [];
  return { status: run.status ?? -1, findings };
}
