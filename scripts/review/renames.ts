/**
 * A logical id that changed is, to CloudFormation, a removal plus an addition: it creates the new
 * resource, then deletes the old one with its data. The review pairs such removals and additions
 * (same type, and the same properties or the same name) so that it can say so in words.
 */
import { createOnlyProperties, valuesAt } from './create-only';
import { sameValue } from './json';
import type { ResourceDiff } from './template-diff';

export interface Rename {
  from: string;
  to: string;
  /** The custom name both carry: the new resource cannot be created while the old one holds it. */
  sameName?: string;
}

function nameOf(resource: ResourceDiff): { pointer: string; value: unknown } | undefined {
  for (const pointer of createOnlyProperties(resource.type)) {
    if (!/Name$/.test(pointer)) continue;
    const [value] = valuesAt(resource.before ?? resource.after, pointer);
    if (value !== undefined) return { pointer, value };
  }
  return undefined;
}

export function findRenames(resources: readonly ResourceDiff[]): Rename[] {
  const removed = resources.filter((r) => r.kind === 'removed');
  const added = resources.filter((r) => r.kind === 'added');
  const renames: Rename[] = [];
  const taken = new Set<string>();
  for (const old of removed) {
    const oldName = nameOf(old);
    const match = added.find((candidate) => {
      if (taken.has(candidate.logicalId) || candidate.type !== old.type) return false;
      if (sameValue(old.before?.Properties, candidate.after?.Properties)) return true;
      const newName = nameOf(candidate);
      return oldName !== undefined && newName !== undefined && sameValue(oldName.value, newName.value);
    });
    if (!match) continue;
    taken.add(match.logicalId);
    const newName = nameOf(match);
    const sameName =
      oldName && newName && sameValue(oldName.value, newName.value)
        ? oldName.pointer.replace(/^\/properties\//, '')
        : undefined;
    renames.push({ from: old.logicalId, to: match.logicalId, ...(sameName ? { sameName } : {}) });
  }
  return renames;
}
