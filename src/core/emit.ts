/**
 * Deterministic JSON: the same template object gives the same bytes, whatever order the code
 * built it in. Sections and resource attributes keep CloudFormation's conventional order; every
 * other object's keys are sorted; arrays keep their order (it can matter).
 */
import { createHash } from 'node:crypto';

const SECTION_ORDER = [
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Mappings',
  'Conditions',
  'Rules',
  'Resources',
  'Outputs',
];

const RESOURCE_ATTRIBUTE_ORDER = [
  'Type',
  'Condition',
  'DependsOn',
  'CreationPolicy',
  'DeletionPolicy',
  'UpdatePolicy',
  'UpdateReplacePolicy',
  'Metadata',
  'Properties',
];

/** Top-level maps whose entries are named by logical id and whose children are resources. */
const ORDERED_BY_DECLARATION = new Set(['Resources', 'Parameters', 'Outputs', 'Conditions', 'Mappings']);

function byOrder(order: readonly string[]) {
  return (a: string, b: string) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia === -1 ? order.length : ia) - (ib === -1 ? order.length : ib) || (a < b ? -1 : a > b ? 1 : 0);
  };
}

function sortKeys(value: unknown, compare?: (a: string, b: string) => number): unknown {
  if (Array.isArray(value)) return value.map((item) => sortKeys(item));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value).sort(compare);
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}

/** The canonical form of a template: conventional section order, sorted keys elsewhere. */
export function canonical(template: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const record = template as Record<string, unknown>;
  for (const section of Object.keys(record).sort(byOrder(SECTION_ORDER))) {
    const body = record[section];
    if (!ORDERED_BY_DECLARATION.has(section) || body === null || typeof body !== 'object') {
      out[section] = sortKeys(body);
      continue;
    }
    // Logical ids are sorted too: declaration order would tie the output to code layout.
    const entries: Record<string, unknown> = {};
    for (const id of Object.keys(body).sort()) {
      const entry = (body as Record<string, unknown>)[id];
      entries[id] =
        section === 'Resources' ? sortKeys(entry, byOrder(RESOURCE_ATTRIBUTE_ORDER)) : sortKeys(entry);
    }
    out[section] = entries;
  }
  return out;
}

/** Pretty JSON for review and commit: two-space indent, trailing newline. */
export function toPrettyJson(template: object): string {
  return `${JSON.stringify(canonical(template), null, 2)}\n`;
}

/** The smallest JSON CloudFormation accepts, to compare with the 51,200-byte inline limit. */
export function toMinifiedJson(template: object): string {
  return JSON.stringify(canonical(template));
}

/** A short content hash of any JSON value, stable across key order. */
export function contentHash(value: unknown, length = 10): string {
  return createHash('sha256')
    .update(JSON.stringify(sortKeys(value)))
    .digest('hex')
    .slice(0, length);
}
