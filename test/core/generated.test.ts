/**
 * src/core/generated/ is made from the resource schemas of the pinned cfn-lint; it is marked as
 * generated and must equal a fresh run of its generator.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ROOT } from '../support/cfn-lint';

const PYTHON = join(ROOT, '.tools', 'venv-cfn-lint', 'bin', 'python');
const FILES = ['resource-attributes.ts', 'tag-shapes.ts'];

test('the generated type files equal a fresh generation (run npm run generate if this fails)', () => {
  const run = spawnSync(PYTHON, [join(ROOT, 'scripts', 'codegen', 'resource_types.py'), '--check'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.is(run.status, 0, run.stderr);
});

test('each generated file says it is generated, from which cfn-lint, and how to regenerate it', () => {
  const pinned = /^cfn-lint==(\S+)$/m.exec(
    readFileSync(join(ROOT, 'scripts', 'tools', 'requirements-cfn-lint.txt'), 'utf8'),
  )?.[1];
  assert.ok(pinned, 'cfn-lint is pinned');
  for (const file of FILES) {
    const head = readFileSync(join(ROOT, 'src', 'core', 'generated', file), 'utf8').slice(0, 300);
    assert.match(head, `cfn-lint ${pinned}`);
    assert.match(head, 'Do not edit: run `npm run generate`');
  }
});

test('npm run generate answers --help, and an unknown argument is one line, the usage and exit 2', () => {
  const script = join(ROOT, 'scripts', 'codegen', 'resource_types.py');
  const help = spawnSync(PYTHON, [script, '--help'], { cwd: ROOT, encoding: 'utf8' });
  assert.is(help.status, 0);
  assert.match(help.stdout, /^usage: npm run generate/);
  const wrong = spawnSync(PYTHON, [script, '--chek'], { cwd: ROOT, encoding: 'utf8' });
  assert.is(wrong.status, 2);
  assert.match(wrong.stderr, /^generate: unknown argument --chek\nusage: npm run generate/);
});

test.run();
