/** `npm run imports`: prints which folders of src/ import which, one line each. */
import { join } from 'node:path';
import { defineCommand } from './cli/args';
import { importGraph } from './layout/import-graph';

defineCommand({
  name: 'imports',
  usage: `usage: npm run imports
Prints, for each folder of src/ (and each file directly in it), the other folders it imports.
  -h, --help   this help`,
  options: {},
}).begin();

const graph = importGraph(join(import.meta.dirname, '..', 'src'));
const width = Math.max(...[...graph.keys()].map((k) => k.length));
for (const [from, to] of graph)
  console.log(`${from.padEnd(width)} → ${to.length > 0 ? to.join(', ') : '(nothing)'}`);
