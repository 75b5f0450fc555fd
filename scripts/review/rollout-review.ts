/**
 * The rollout's one call point for the review and its gate: review the StackSet as deployed
 * against what this rollout would deploy, print it, and say whether the rollout may go ahead.
 * A first rollout is reviewed too: everything is added, and every grant in it is new access.
 */
import { readFileSync } from 'node:fs';
import type { StackSet } from '@aws-sdk/client-cloudformation';
import { reviewAgainstStackSet } from './deployed';
import { formatTerminal } from './format-terminal';
import { type Approval, type GateItem, NEEDS_APPROVAL_EXIT_CODE, refusalMessage, refusedBy } from './gate';
import { isRecord } from './json';
import type { Review, TemplateBody } from './model';

export interface RolloutReviewInput {
  name: string;
  existing: StackSet | undefined;
  template: TemplateBody;
  parameters: Record<string, string>;
  approvals: readonly Approval[];
  /** A review (`npm run diff -- --format json`) a human approved: what it lists is approved. */
  approvedReview?: string;
  dryRun: boolean;
  log: (line: string) => void;
}

/** The approvals of a reviewed and approved review file: each item with the resources it named. */
function approvedItems(file: string): GateItem[] {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const gate = isRecord(parsed) && isRecord(parsed.gate) ? parsed.gate : {};
  return (Array.isArray(gate.approvals) ? gate.approvals : []).filter(
    (item): item is GateItem =>
      isRecord(item) && typeof item.approval === 'string' && Array.isArray(item.resources),
  );
}

/** An item is covered when the approved review named the same kind for every one of its resources. */
const covered = (item: GateItem, approved: readonly GateItem[]) =>
  approved.some((a) => a.approval === item.approval && item.resources.every((r) => a.resources.includes(r)));

export interface RolloutReviewOutcome {
  review: Review;
  /** The exit code when the rollout must stop here; undefined when it may go ahead. */
  exitCode?: number;
}

export function reviewRollout(input: RolloutReviewInput): RolloutReviewOutcome {
  const review = reviewAgainstStackSet(input.name, input.existing, {
    template: input.template,
    parameters: input.parameters,
    label: 'this rollout',
  });
  for (const line of formatTerminal(review).trimEnd().split('\n')) input.log(line);
  const approved = input.approvedReview ? approvedItems(input.approvedReview) : [];
  const refused = refusedBy(review, new Set(input.approvals)).filter((item) => !covered(item, approved));
  if (refused.length === 0) return { review };
  if (input.dryRun) {
    input.log(
      `dry run: the rollout would need ${refused.map((r) => `--approve ${r.approval}`).join(' and ')}`,
    );
    return { review };
  }
  input.log(refusalMessage(refused));
  return { review, exitCode: NEEDS_APPROVAL_EXIT_CODE };
}
