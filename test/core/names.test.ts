import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { normaliseRegion, regionMapping } from '../../src/core/names';

test('region ids are normalised: us-east-1 → use1, us-west-2 → usw2', () => {
  assert.is(normaliseRegion('us-east-1'), 'use1');
  assert.is(normaliseRegion('us-west-2'), 'usw2');
  assert.is(normaliseRegion('ap-southeast-2'), 'apse2');
  assert.is(normaliseRegion('eu-central-1'), 'euc1');
  assert.is(normaliseRegion('us-gov-west-1'), 'usgovw1');
});

test('a string that is not a region name is refused', () => {
  assert.throws(() => normaliseRegion('useast1'), /not a region name/);
  assert.throws(() => normaliseRegion('us-east-x'), /not a region name/);
});

test('the region mapping is sorted and keyed by region', () => {
  assert.equal(regionMapping(['us-west-2', 'us-east-1']), {
    'us-east-1': { Id: 'use1' },
    'us-west-2': { Id: 'usw2' },
  });
  assert.equal(Object.keys(regionMapping(['us-west-2', 'us-east-1'])), ['us-east-1', 'us-west-2']);
});

test.run();
