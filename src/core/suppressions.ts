/**
 * Justified exceptions to a security check, kept on the resource they excuse so that a reviewer
 * reads the reason next to the thing. checkov reads `Metadata.checkov.skip`; cfn-lint reads
 * `Metadata.cfn-lint.config.ignore_checks` and has no reason field, so its reasons sit beside it.
 */

export interface Suppression {
  tool: 'checkov' | 'cfn-lint';
  /** e.g. CKV_AWS_117 or W9001 */
  id: string;
  /** Why the finding does not apply here; reviewed with the template. */
  reason: string;
}

export function checkov(id: string, reason: string): Suppression {
  return { tool: 'checkov', id, reason };
}

export function cfnLint(id: string, reason: string): Suppression {
  return { tool: 'cfn-lint', id, reason };
}

/** The Metadata entries that carry a list of suppressions. */
export function suppressionMetadata(suppressions: readonly Suppression[]): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  for (const s of suppressions) {
    if (s.reason.trim().length < 20)
      throw new Error(`suppression ${s.id} needs a reason a reviewer can accept`);
  }
  const checkovSkips = suppressions.filter((s) => s.tool === 'checkov');
  if (checkovSkips.length > 0) {
    metadata.checkov = { skip: checkovSkips.map((s) => ({ id: s.id, comment: s.reason })) };
  }
  const lint = suppressions.filter((s) => s.tool === 'cfn-lint');
  if (lint.length > 0) {
    metadata['cfn-lint'] = { config: { ignore_checks: lint.map((s) => s.id) } };
    metadata.CfnLintSuppressionReasons = Object.fromEntries(lint.map((s) => [s.id, s.reason]));
  }
  return metadata;
}
