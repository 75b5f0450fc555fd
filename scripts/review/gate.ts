/**
 * The rollout's gate: data loss (a stateful resource replaced or removed, or possibly so, without
 * a retain policy), a stateful resource replaced or removed with its data left behind (the stack
 * then runs on an empty one), and a widening of access — or a security change whose direction a
 * human must judge — each need an explicit approval. One flag per kind, named after what the
 * reviewer accepts: `--approve replacement` and `--approve broadening`. Replacing a resource that
 * holds no data (an alarm, a subscription) is listed in the review but loses nothing: not gated.
 */
import type { Review } from './model';

export const APPROVALS = ['replacement', 'broadening'] as const;
export type Approval = (typeof APPROVALS)[number];

/** Exit code of a rollout the gate stopped: distinct from a failed region (1), usage (2) and a dry run that could not compare (3). */
export const NEEDS_APPROVAL_EXIT_CODE = 4;

export interface GateItem {
  approval: Approval;
  /** The resources, by logical id. */
  resources: string[];
  /** What the reviewer accepts, in words. */
  reason: string;
}

/** What this review needs approved, whatever was approved. */
export function requiredApprovals(review: Review): GateItem[] {
  const s = review.summary;
  const items: GateItem[] = [];
  const destructive = review.resources.filter((r) => r.dataLoss || r.retained);
  if (destructive.length > 0) {
    const parts = destructive.map((r) => {
      const cause = r.dataLoss?.cause ?? r.retained?.cause;
      const verb =
        cause === 'removal' ? 'remove' : r.replacement?.replacement === 'will' ? 'replace' : 'may replace';
      return `${verb} ${r.logicalId}: ${r.dataLoss ? (r.dataLoss.certainty === 'will' ? 'data loss' : 'possible data loss') : 'retained, left behind'}`;
    });
    items.push({
      approval: 'replacement',
      resources: destructive.map((r) => r.logicalId),
      reason: parts.join('; '),
    });
  }
  const widening = [...new Set([...s.broadening, ...s.unclassified])];
  if (widening.length > 0) {
    const parts: string[] = [];
    if (s.broadening.length > 0) parts.push(`broadening of access by ${s.broadening.join(', ')}`);
    if (s.unclassified.length > 0) parts.push(`security changes to judge in ${s.unclassified.join(', ')}`);
    items.push({ approval: 'broadening', resources: widening, reason: parts.join('; ') });
  }
  return items;
}

/** The items not approved; empty when the rollout may go ahead. */
export function refusedBy(review: Review, approved: ReadonlySet<Approval>): GateItem[] {
  return requiredApprovals(review).filter((item) => !approved.has(item.approval));
}

export function refusalMessage(refused: readonly GateItem[]): string {
  return [
    'the rollout needs approval and changed nothing:',
    ...refused.map((item) => `  ${item.reason} — rerun with --approve ${item.approval}`),
  ].join('\n');
}
