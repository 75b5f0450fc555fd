/**
 * Resolves a template value the way CloudFormation would for given parameter values: conditions,
 * `Fn::If`, `Ref` to parameters and `AWS::NoValue` (which removes the key or list item).
 */
import type { TemplateDocument } from '../../src/core/template';

const REMOVED = Symbol('AWS::NoValue');

export function resolveWith(
  template: TemplateDocument,
  parameters: Record<string, string | number>,
  value: unknown,
): unknown {
  const conditions = (template.Conditions ?? {}) as Record<string, unknown>;
  const declared = (template.Parameters ?? {}) as Record<string, { Default?: unknown }>;
  const param = (name: string) => {
    if (name in parameters) return parameters[name];
    if (name in declared) return declared[name]?.Default;
    return undefined;
  };
  const condition = (name: string): boolean => {
    if (!(name in conditions)) throw new Error(`no condition ${name}`);
    return Boolean(walk(conditions[name]));
  };
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk).filter((item) => item !== REMOVED);
    if (node === null || typeof node !== 'object') return node;
    const entries = Object.entries(node);
    const [key, arg] = entries[0] ?? [];
    if (entries.length === 1 && key !== undefined) {
      if (key === 'Ref' && arg === 'AWS::NoValue') return REMOVED;
      if (key === 'Ref' && typeof arg === 'string' && param(arg) !== undefined) return param(arg);
      if (key === 'Condition' && typeof arg === 'string') return condition(arg);
      const args = arg as unknown[];
      if (key === 'Fn::If') return walk(condition(String(args[0])) ? args[1] : args[2]);
      if (key === 'Fn::Equals') return String(walk(args[0])) === String(walk(args[1]));
      if (key === 'Fn::Not') return !walk(args[0]);
      if (key === 'Fn::And') return args.every((a) => Boolean(walk(a)));
      if (key === 'Fn::Or') return args.some((a) => Boolean(walk(a)));
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of entries) {
      const resolved = walk(v);
      if (resolved !== REMOVED) out[k] = resolved;
    }
    return out;
  };
  const result = walk(value);
  return result === REMOVED ? undefined : result;
}
