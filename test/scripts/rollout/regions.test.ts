import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { UsageError } from '../../../scripts/cli/args';
import { refuseUnservedRegions, servedRegions } from '../../../scripts/rollout/regions';
import { freshTemplate } from '../../../scripts/rollout/template-source';
import { regionalTemplate } from '../../../src/regional';
import { REGIONAL_DEFAULTS } from '../../../src/regional/options';
import { regionalTemplateFile } from '../../../src/templates';

const test = suite('the rollout deploys only to the regions the template maps');

test('the regional template serves the regions of its regions option, read from its own mapping', () => {
  assert.equal(
    servedRegions(freshTemplate(regionalTemplateFile('dev'))),
    [...REGIONAL_DEFAULTS.regions].sort(),
  );
});

test('a region outside the mapping is refused with the regions the template serves', () => {
  const template = freshTemplate(regionalTemplateFile('dev'));
  refuseUnservedRegions(['us-west-2', 'us-east-1'], template);
  assert.throws(
    () => refuseUnservedRegions(['us-east-1', 'eu-west-1', 'ap-south-1'], template),
    (e: Error) =>
      e instanceof UsageError &&
      e.message.startsWith(
        '--regions: the regional template serves only us-east-1, us-west-2 (its RegionIds mapping), not eu-west-1, ap-south-1;',
      ),
  );
});

test('a template built for more regions serves them', () => {
  const template = regionalTemplate({ regions: ['us-east-1', 'us-west-2', 'eu-west-1'] });
  refuseUnservedRegions(['eu-west-1'], template);
  assert.equal(servedRegions(template), ['eu-west-1', 'us-east-1', 'us-west-2']);
});

test('a template without the mapping serves no region', () => {
  assert.equal(servedRegions({}), []);
  assert.throws(() => refuseUnservedRegions(['us-east-1'], {}), /serves only {2}\(/);
});

test.run();
