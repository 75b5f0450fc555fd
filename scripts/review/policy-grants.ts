/**
 * IAM policy documents as sets of grants (effect, principal, action, resource, condition), and
 * which grants of one document another does not cover. Finer than the cdk engine, which compares
 * whole statements: removing one action from a statement is, to it, a removed statement plus an
 * added one, so "broadened"; here it is a narrowing.
 */
import { isRecord, stableJson } from './json';

export interface Grant {
  effect: 'Allow' | 'Deny';
  principal: string;
  action: string;
  resource: string;
  condition: string;
}

const list = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Strings as they are; intrinsics as canonical JSON, compared for equality only. */
const text = (value: unknown): string => (typeof value === 'string' ? value : stableJson(value));

function principals(statement: Record<string, unknown>, fallback: string): string[] {
  if (statement.NotPrincipal !== undefined) return [`not ${text(statement.NotPrincipal)}`];
  const principal = statement.Principal;
  if (principal === undefined) return [fallback];
  if (principal === '*') return ['*'];
  if (!isRecord(principal)) return [text(principal)];
  return Object.entries(principal).flatMap(([kind, values]) => list(values).map((v) => `${kind}:${text(v)}`));
}

/** Every grant of a policy document; `fallback` names the principal of an identity policy. */
export function grants(document: unknown, fallback: string): Grant[] {
  const out: Grant[] = [];
  const statements = isRecord(document) ? list(document.Statement) : [];
  for (const raw of statements) {
    if (!isRecord(raw)) continue;
    const effect = raw.Effect === 'Deny' ? 'Deny' : 'Allow';
    const actions =
      raw.NotAction !== undefined ? [`all but ${text(raw.NotAction)}`] : list(raw.Action).map(text);
    const resources =
      raw.NotResource !== undefined ? [`all but ${text(raw.NotResource)}`] : list(raw.Resource).map(text);
    const condition = raw.Condition === undefined ? '' : stableJson(raw.Condition);
    for (const principal of principals(raw, fallback))
      for (const action of actions)
        for (const resource of resources.length > 0 ? resources : ['(none)'])
          out.push({ effect, principal, action, resource, condition });
  }
  return out;
}

/** IAM's wildcards: `*` any run, `?` one character; case-insensitive for actions. */
function matches(pattern: string, value: string, ignoreCase: boolean): boolean {
  if (pattern === value) return true;
  if (!pattern.includes('*') && !pattern.includes('?'))
    return ignoreCase && pattern.toLowerCase() === value.toLowerCase();
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

/** Whether `wide` allows (or denies) at least everything `narrow` does. */
export function covers(wide: Grant, narrow: Grant): boolean {
  return (
    wide.effect === narrow.effect &&
    (wide.principal === narrow.principal || wide.principal === '*') &&
    matches(wide.action, narrow.action, true) &&
    matches(wide.resource, narrow.resource, false) &&
    (wide.condition === '' || wide.condition === narrow.condition)
  );
}

/** The grants of `next` that nothing in `base` covers. */
export function uncovered(next: readonly Grant[], base: readonly Grant[]): Grant[] {
  return next.filter((g) => !base.some((b) => covers(b, g)));
}

/** `allows dynamodb:GetItem, dynamodb:Query on <resource> to <principal> when <condition>`, one line per group. */
export function describeGrants(found: readonly Grant[]): string[] {
  const groups = new Map<string, { g: Grant; actions: string[] }>();
  for (const g of found) {
    const key = `${g.effect}|${g.principal}|${g.resource}|${g.condition}`;
    const group = groups.get(key) ?? { g, actions: [] };
    group.actions.push(g.action);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ g, actions }) => {
    const verb = g.effect === 'Allow' ? 'allows' : 'denies';
    const when = g.condition ? ` when ${g.condition}` : '';
    return `${verb} ${actions.join(', ')} on ${g.resource} to ${g.principal}${when}`;
  });
}
