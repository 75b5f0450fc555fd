/** The review as Markdown for a pull-request comment or the pipeline's approval: tables, the gates first. */

import { requiredApprovals } from './gate';
import { show } from './json';
import type { Review } from './model';
import { resourceImpact, summaryLine } from './summary-text';

/** A table cell: no pipe or line break may escape it. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (value: unknown) => `\`${cell(show(value, 80)).replace(/`/g, "'")}\``;

export function formatMarkdown(review: Review): string {
  const out = [`### Change review: ${cell(review.title)}`, '', `**${cell(summaryLine(review))}**`];
  if (review.noChanges) return `${out.join('\n')}\n`;
  const gates = requiredApprovals(review);
  if (gates.length > 0) {
    out.push('', '> [!WARNING]', '> Needs approval before it rolls out:');
    for (const g of gates) out.push(`> - \`--approve ${g.approval}\`: ${cell(g.reason)}`);
  }
  if (review.resources.length > 0) {
    out.push('', '| resource | type | impact | changes |', '| --- | --- | --- | --- |');
    for (const r of review.resources) {
      const details = [
        ...r.properties.map((p) => `${p.path}: ${code(p.before)} → ${code(p.after)}`),
        ...r.attributes.map((a) => `${a.path}: ${code(a.before)} → ${code(a.after)}`),
        ...(r.dataLoss ? [`**data loss** (${r.dataLoss.cause}): ${r.dataLoss.what}, in every region`] : []),
        ...(r.retained ? [`retained (${r.retained.policy}): ${r.retained.leftBehind}`] : []),
        ...r.notes,
      ];
      const impact = resourceImpact(r)
        .map((l) =>
          ['replace', 'may replace', 'data loss', 'possible data loss'].includes(l) ? `**${l}**` : l,
        )
        .join(', ');
      out.push(`| \`${r.logicalId}\` | ${r.type} | ${impact} | ${cell(details.join('<br>'))} |`);
    }
  }
  if (review.security.length > 0) {
    out.push('', '#### Security', '', '| direction | resource | area | what |', '| --- | --- | --- | --- |');
    for (const s of review.security)
      out.push(
        `| ${s.direction === 'narrowing' ? s.direction : `**${s.direction}**`} | \`${s.logicalId}\` | ${s.area} | ${cell(s.detail)} |`,
      );
  }
  const sections = [
    ...review.sections.map((s) => ({ what: `${s.section} \`${s.name}\` ${s.kind}`, changes: s.changes })),
  ];
  if (sections.length > 0 || review.parameterValues.length > 0) {
    out.push('', '#### Parameters, outputs, conditions, mappings');
    for (const s of sections)
      out.push(
        `- ${s.what}${s.changes.map((c) => `<br>${c.path}: ${code(c.before)} → ${code(c.after)}`).join('')}`,
      );
    for (const p of review.parameterValues)
      out.push(`- value of \`${p.path}\`: ${code(p.before)} → ${code(p.after)}`);
  }
  if (review.code !== undefined) {
    out.push('', '#### Code');
    if (review.code.length === 0) out.push('', 'No function changes.');
    for (const c of review.code)
      out.push(`- \`${c.function}\`: ${code(c.before ?? '(not deployed)')} → ${code(c.after)}`);
  }
  return `${out.join('\n')}\n`;
}
