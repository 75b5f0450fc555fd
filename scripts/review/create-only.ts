/**
 * The resource schemas' createOnlyProperties (JSON pointers such as `/properties/TableName`): a
 * change to one makes CloudFormation replace the resource. Generated from the pinned cfn-lint's
 * schemas by `npm run generate` into generated/create-only-properties.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRecord } from './json';

let table: Readonly<Record<string, readonly string[]>> | undefined;

function load(): Readonly<Record<string, readonly string[]>> {
  const parsed: unknown = JSON.parse(
    readFileSync(join(import.meta.dirname, 'generated', 'create-only-properties.json'), 'utf8'),
  );
  const out: Record<string, readonly string[]> = {};
  if (isRecord(parsed))
    for (const [type, pointers] of Object.entries(parsed))
      if (Array.isArray(pointers)) out[type] = pointers.filter((p): p is string => typeof p === 'string');
  return out;
}

/** The type's createOnly pointers; empty when it has none (every property updates in place). */
export function createOnlyProperties(type: string): readonly string[] {
  table ??= load();
  return table[type] ?? [];
}

/**
 * Every value at a pointer below the resource (`/properties/A/*\/B`): `*` walks each item of an
 * array; a missing step yields `undefined`, so that "set" and "not set" compare as different.
 */
export function valuesAt(resource: Record<string, unknown> | undefined, pointer: string): unknown[] {
  const steps = pointer.split('/').slice(1);
  const properties = resource?.Properties;
  let current: unknown[] = [properties];
  // `/properties/…` addresses the resource's Properties.
  for (const step of steps.slice(1)) {
    const next: unknown[] = [];
    for (const value of current) {
      if (step === '*' && Array.isArray(value)) next.push(...value);
      else if (Array.isArray(value) && /^\d+$/.test(step)) next.push(value[Number(step)]);
      else next.push(isRecord(value) ? value[step] : undefined);
    }
    current = next;
  }
  return current;
}
