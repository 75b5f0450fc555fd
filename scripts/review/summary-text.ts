/** The review in one line and its labels: shared by every format, the gate and the pipeline. */
import type { ResourceChange, Review } from './model';

/** What happens to one resource, in the words the reviewer looks for. */
export function resourceImpact(change: ResourceChange): string[] {
  const labels: string[] = [];
  if (change.kind === 'added') labels.push('add');
  if (change.kind === 'removed') labels.push('remove');
  if (change.kind === 'modified') {
    const replacement = change.replacement?.replacement ?? 'none';
    labels.push(
      replacement === 'will' ? 'replace' : replacement === 'may' ? 'may replace' : 'update in place',
    );
  }
  if (change.renamed) labels.push('renamed id');
  if (change.dataLoss) labels.push(change.dataLoss.certainty === 'will' ? 'data loss' : 'possible data loss');
  if (change.retained) labels.push('retained');
  return labels;
}

export function summaryLine(review: Review): string {
  if (review.noChanges) return 'no changes';
  const s = review.summary;
  const parts = [`${s.added} to add, ${s.modified} to modify, ${s.removed} to remove`];
  if (s.replace.length > 0) parts.push(`replace: ${s.replace.join(', ')}`);
  if (s.mayReplace.length > 0) parts.push(`may replace: ${s.mayReplace.join(', ')}`);
  if (s.dataLoss.length > 0) parts.push(`data loss: ${s.dataLoss.join(', ')}`);
  if (s.retained.length > 0) parts.push(`retained: ${s.retained.join(', ')}`);
  if (s.broadening.length > 0) parts.push(`broadening: ${s.broadening.join(', ')}`);
  if (s.unclassified.length > 0) parts.push(`security changes to judge: ${s.unclassified.join(', ')}`);
  if (s.narrowing.length > 0) parts.push(`narrowing: ${s.narrowing.join(', ')}`);
  if (s.codeChanged.length > 0) parts.push(`code: ${s.codeChanged.join(', ')}`);
  return parts.join('; ');
}
