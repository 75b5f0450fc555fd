/**
 * Which folders of src/ import which: every relative import of every module, grouped by the folder
 * under src/ it lives in (a file directly in src/ is its own group). Read by `npm run imports` and
 * by the layout test that keeps `src/core` generic and the stacks apart.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/gm;

function modules(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return modules(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `src/regional/api.ts` → `regional`; `src/templates.ts` → `templates.ts`. */
function group(srcDir: string, file: string): string {
  return relative(srcDir, file).split(sep)[0] ?? '';
}

/** Group → the other groups it imports, each sorted. */
export function importGraph(srcDir: string): Map<string, string[]> {
  const graph = new Map<string, Set<string>>();
  for (const file of modules(srcDir)) {
    const from = group(srcDir, file);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = resolve(dirname(file), (match[1] ?? '').replace(/\.js$/, '.ts'));
      const to = group(srcDir, target);
      if (to !== from) edges.add(to);
    }
  }
  return new Map([...graph].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort()]));
}
