/** The review for a terminal or a CI log: plain text, one resource a block, the gates last. */

import { requiredApprovals } from './gate';
import { show } from './json';
import type { Review, ValueChange } from './model';
import { resourceImpact, summaryLine } from './summary-text';

const SIGN: Record<string, string> = { added: '+', removed: '-', modified: '~' };
const change = (c: ValueChange) => `${c.path}: ${show(c.before)} → ${show(c.after)}`;

export function formatTerminal(review: Review): string {
  const lines = [`review: ${review.title}`, `summary: ${summaryLine(review)}`];
  if (review.noChanges) return `${lines.join('\n')}\n`;
  if (review.resources.length > 0) lines.push('', 'resources:');
  for (const r of review.resources) {
    lines.push(`${SIGN[r.kind]} ${r.logicalId} (${r.type}): ${resourceImpact(r).join(', ')}`);
    for (const p of r.properties) lines.push(`    ${change(p)}`);
    for (const a of r.attributes) lines.push(`    ${change(a)}`);
    if (r.dataLoss)
      lines.push(
        `    ${r.dataLoss.certainty === 'will' ? 'DATA LOSS' : 'POSSIBLE DATA LOSS'} (${r.dataLoss.cause}): ${r.dataLoss.what}, in every region of the StackSet`,
      );
    if (r.retained) lines.push(`    retained (${r.retained.policy}): ${r.retained.leftBehind}`);
    for (const note of r.notes) lines.push(`    note: ${note}`);
  }
  const sections = review.sections;
  if (sections.length > 0) lines.push('', 'template sections:');
  for (const s of sections) {
    lines.push(`${SIGN[s.kind]} ${s.section} ${s.name}: ${s.kind}`);
    for (const c of s.changes) lines.push(`    ${change(c)}`);
  }
  if (review.parameterValues.length > 0) lines.push('', 'parameter values (deployed → this rollout):');
  for (const p of review.parameterValues) lines.push(`  ${change(p)}`);
  lines.push('', review.security.length > 0 ? 'security:' : 'security: no change to access');
  for (const s of review.security)
    lines.push(`  ${s.direction.toUpperCase()} ${s.logicalId} (${s.area}): ${s.detail}`);
  if (review.code === undefined) lines.push('code: not compared (no deployed code to compare with)');
  else if (review.code.length === 0) lines.push('code: no function changes');
  else {
    lines.push('code changes:');
    for (const c of review.code) lines.push(`  ${c.function}: ${c.before ?? '(not deployed)'} → ${c.after}`);
  }
  const gates = requiredApprovals(review);
  lines.push('', gates.length > 0 ? 'needs approval:' : 'needs approval: nothing');
  for (const g of gates) lines.push(`  --approve ${g.approval}: ${g.reason}`);
  return `${lines.join('\n')}\n`;
}
