import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { importGraph } from '../../scripts/layout/import-graph';
import { REPO_ROOT } from '../support/paths';

const test = suite('src/ layout: core is generic, the conventions are shared, the stacks stay apart');
const graph = importGraph(join(REPO_ROOT, 'src'));
const imports = (group: string) => graph.get(group) ?? [];

test('src/core imports nothing else of src/: it holds nothing of ServApp', () => {
  assert.equal(imports('core'), []);
});

test('the conventions build only on the core and the contract', () => {
  assert.equal(imports('conventions'), ['contract', 'core']);
});

test('no stack imports another: regional, bootstrap and pipeline meet in the conventions', () => {
  for (const stack of ['regional', 'bootstrap', 'pipeline']) {
    const others = ['regional', 'bootstrap', 'pipeline', 'config'].filter((g) => g !== stack);
    assert.equal(
      imports(stack).filter((g) => others.includes(g)),
      [],
      `${stack} imports ${imports(stack).join(', ')}`,
    );
  }
});

test('the analysts’ client and the contract stand alone (they ship to browsers and Lambda)', () => {
  assert.equal(imports('contract'), []);
  assert.equal(imports('client'), ['contract']);
});

test('the graph is read from the sources: a group that imports the conventions says so', () => {
  assert.ok(imports('regional').includes('conventions'));
  assert.ok(imports('config').includes('regional'));
});

test.run();
