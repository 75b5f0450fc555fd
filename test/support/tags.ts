import type { StandardTags } from '../../src/conventions';

/** ServApp's six tags with fixed test values, for builders made in tests. */
export const TEST_TAGS: StandardTags = {
  Project: 'ServApp',
  ENVIRONMENT_SUFFIX: 'test',
  REGION: 'us-east-1',
  Environment: 'test',
  Team: 'tests',
  CostCenter: 'CC-1',
};
