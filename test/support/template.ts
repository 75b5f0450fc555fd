/** Reading generated templates in tests: typed look-ups that fail with a clear message. */
import type { TemplateDocument } from '../../src/core/template';

export interface ResourceJson {
  Type: string;
  Condition?: string;
  DependsOn?: string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: Record<string, unknown>;
  // biome-ignore lint/suspicious/noExplicitAny: tests walk arbitrary CloudFormation properties
  Properties: Record<string, any>;
}

export function resource(template: TemplateDocument, id: string): ResourceJson {
  const found = template.Resources[id] as ResourceJson | undefined;
  if (!found) throw new Error(`no resource ${id}; have ${Object.keys(template.Resources).join(', ')}`);
  return found;
}

export function resourcesOfType(template: TemplateDocument, type: string): [string, ResourceJson][] {
  return Object.entries(template.Resources as Record<string, ResourceJson>).filter(
    ([, r]) => r.Type === type,
  );
}

/** Every `{Ref: X}` and `{Fn::GetAtt: [X, ...]}` target and `${X}` Sub variable inside a value. */
export function referencedIds(value: unknown): Set<string> {
  const ids = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      if (key === 'Ref' && typeof child === 'string') ids.add(child);
      if (key === 'Fn::GetAtt' && Array.isArray(child)) ids.add(String(child[0]));
      if (key === 'Fn::Sub') {
        const text = Array.isArray(child) ? child[0] : child;
        for (const match of String(text).matchAll(/\$\{([^!}.]+)[^}]*\}/g)) ids.add(match[1] ?? '');
      }
      walk(child);
    }
  };
  walk(value);
  return ids;
}

/** Resource-to-resource edges (references and DependsOn), to look for cycles. */
export function dependencyGraph(template: TemplateDocument): Map<string, Set<string>> {
  const resources = template.Resources as Record<string, ResourceJson>;
  const graph = new Map<string, Set<string>>();
  for (const [id, r] of Object.entries(resources)) {
    const edges = new Set(
      [...referencedIds(r.Properties), ...(r.DependsOn ?? [])].filter((dep) => dep in resources),
    );
    graph.set(id, edges);
  }
  return graph;
}

/** A cycle in the graph as a list of ids, or undefined. */
export function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const next of graph.get(id) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of graph.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}
