import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cfnLint, checkov, suppressionMetadata } from '../../src/core/suppressions';

const test = suite('core: justified suppressions sit on the resource');

test('checkov skips and cfn-lint ignores are written where each tool reads them, with reasons', () => {
  const metadata = suppressionMetadata([
    checkov('CKV_AWS_117', 'no private resources to reach from a VPC'),
    cfnLint('W9001', 'this resource is deliberately untagged here'),
  ]);
  assert.equal(metadata.checkov, {
    skip: [{ id: 'CKV_AWS_117', comment: 'no private resources to reach from a VPC' }],
  });
  assert.equal(metadata['cfn-lint'], { config: { ignore_checks: ['W9001'] } });
  assert.equal(metadata.CfnLintSuppressionReasons, { W9001: 'this resource is deliberately untagged here' });
});

test('a suppression without a real reason is refused', () => {
  assert.throws(() => suppressionMetadata([checkov('CKV_AWS_18', 'n/a')]), /reason/);
});

test('no suppressions, no metadata', () => {
  assert.equal(suppressionMetadata([]), {});
});

test.run();
