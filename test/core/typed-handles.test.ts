/** What the compile-time checks in test/types/attributes.types.ts accept also builds and resolves. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { typedHandles } from '../types/attributes.types';

test('handles of typed resources emit GetAtt with the attribute the compiler accepted', () => {
  const doc = typedHandles().build();
  assert.equal(Object.keys(doc.Resources).sort(), ['Queue', 'Table']);
  assert.equal((doc.Resources.Queue as { Properties: { Tags: unknown } }).Properties.Tags, [
    { Key: 'Owner', Value: 'tests' },
  ]);
});

test.run();
