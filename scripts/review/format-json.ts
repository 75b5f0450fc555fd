/**
 * The review for machines: the Review as data, each resource with its `impact` words ("replace",
 * "data loss", …) and the approvals it needs, so that a consumer need not re-derive them.
 */

import { requiredApprovals } from './gate';
import type { Review } from './model';
import { resourceImpact, summaryLine } from './summary-text';

export function reviewJson(review: Review) {
  const gates = requiredApprovals(review);
  return {
    ...review,
    resources: review.resources.map((r) => ({ ...r, impact: resourceImpact(r) })),
    summaryLine: summaryLine(review),
    gate: { needsApproval: gates.length > 0, approvals: gates },
  };
}

export function formatJson(review: Review): string {
  return `${JSON.stringify(reviewJson(review), null, 2)}\n`;
}
