/**
 * cfn-lint, pinned, with the project's rules (.cfnlintrc): run on the templates before anything
 * is uploaded. Any finding (error, warning or informational) refuses the rollout, the same bar
 * `npm test` sets.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface LintFinding {
  Rule: { Id: string };
  Message: string;
  Filename: string;
  Level: string;
}

export class LintError extends Error {
  override name = 'LintError';
  constructor(readonly findings: LintFinding[]) {
    super(
      `cfn-lint found ${findings.length} problem(s); nothing was uploaded:\n${findings
        .map((f) => `  ${f.Level} ${f.Rule.Id} ${f.Filename}: ${f.Message}`)
        .join('\n')}`,
    );
  }
}

export function lintTemplates(root: string, files: readonly string[], regions: readonly string[]): void {
  const cfnLint = join(root, '.tools', 'venv-cfn-lint', 'bin', 'cfn-lint');
  if (!existsSync(cfnLint))
    throw new Error('cfn-lint is not installed: run bash scripts/provision-tools.sh cfn-lint');
  const run = spawnSync(cfnLint, ['--format', 'json', '--regions', ...regions, '--', ...files], {
    cwd: root,
    encoding: 'utf8',
  });
  if (run.error) throw run.error;
  const findings = (run.stdout.trim() ? JSON.parse(run.stdout) : []) as LintFinding[];
  if (findings.length > 0 || run.status !== 0) {
    if (findings.length === 0) throw new Error(`cfn-lint exited ${run.status}: ${run.stderr.trim()}`);
    throw new LintError(findings);
  }
}
