/** Small helpers over parsed template JSON. */
import { deepEqual } from '@aws-cdk/cloudformation-diff';

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/**
 * Equality as CloudFormation sees it (the engine's: `10` equals `"10"`, `true` equals `"true"`), so
 * that a value written differently but meaning the same is never reported as a change.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  return deepEqual(a, b);
}

/** `KeySchema[0].AttributeName` from its segments. */
export function joinPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out ? `.${s}` : s;
  }
  return out;
}

/**
 * The leaf-most paths where two values differ: objects key by key, arrays of equal length item by
 * item; an array that changed length, or a change of kind, is one change of the whole value.
 */
export function valueChanges(
  before: unknown,
  after: unknown,
  at: (string | number)[] = [],
): { path: (string | number)[]; before?: unknown; after?: unknown }[] {
  if (sameValue(before, after)) return [];
  if (isRecord(before) && isRecord(after) && !isIntrinsic(before) && !isIntrinsic(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => valueChanges(before[k], after[k], [...at, k]));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length)
    return before.flatMap((item, i) => valueChanges(item, after[i], [...at, i]));
  return [
    { path: at, ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) },
  ];
}

/** `{ "Ref": … }` or `{ "Fn::…": … }`: shown whole, never split into its arguments. */
export function isIntrinsic(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || (keys[0]?.startsWith('Fn::') ?? false));
}

/** Logical ids and parameters a value refers to (`Ref`, `Fn::GetAtt`, `${Name}` in `Fn::Sub`). */
export function references(value: unknown): Set<string> {
  const found = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const item of v) walk(item);
      return;
    }
    if (!isRecord(v)) return;
    for (const [key, arg] of Object.entries(v)) {
      if (key === 'Ref' && typeof arg === 'string') found.add(arg);
      else if (key === 'Fn::GetAtt') {
        const target = Array.isArray(arg) ? arg[0] : typeof arg === 'string' ? arg.split('.')[0] : undefined;
        if (typeof target === 'string') found.add(target);
      } else if (key === 'Fn::Sub') {
        const text = Array.isArray(arg) ? arg[0] : arg;
        if (typeof text === 'string')
          for (const m of text.matchAll(/\$\{([^}!.]+)(?:\.[^}]*)?\}/g)) if (m[1]) found.add(m[1]);
        if (Array.isArray(arg)) walk(arg[1]);
      } else walk(arg);
    }
  };
  walk(value);
  return found;
}

/** Short text of a value for a line of the review. */
export function show(value: unknown, max = 120): string {
  if (value === undefined) return '(not set)';
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** JSON with object keys sorted: equal values give equal text. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isRecord(value))
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}
