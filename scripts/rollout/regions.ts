/**
 * The regions the regional template can serve: the keys of its own `RegionIds` mapping, which every
 * physical name looks its region id up in. A region outside it passes cfn-lint and fails only at
 * deploy time, in the middle of a StackSet operation, so the rollout refuses it before anything runs.
 *
 * Refusing, rather than generating the mapping for every commercial region, because the mapping is
 * the environment's `regions` (src/environments.ts): the regions this project has chosen to run in (us-east-1 and
 * us-west-2 by requirement). A mapping of every region would need a hand-kept region list that goes
 * stale as AWS opens regions, and would let a typo'd but valid region deploy a stack nobody
 * reviewed for that region. Reading the built template keeps the check and the deploy on one
 * source of truth: serving another region is one entry in that option.
 */
import { REGION_MAPPING } from '../../src/core/names';
import { UsageError } from '../cli/args';

export function servedRegions(template: { Mappings?: Record<string, unknown> }): string[] {
  const mapping = template.Mappings?.[REGION_MAPPING];
  return mapping && typeof mapping === 'object' ? Object.keys(mapping).sort() : [];
}

export function refuseUnservedRegions(
  regions: readonly string[],
  template: { Mappings?: Record<string, unknown> },
): void {
  const served = servedRegions(template);
  const refused = regions.filter((region) => !served.includes(region));
  if (refused.length === 0) return;
  throw new UsageError(
    `--regions: the regional template serves only ${served.join(', ')} (its ${REGION_MAPPING} mapping), not ${refused.join(', ')}; to serve more, add them to the environment's regions in src/environments.ts`,
  );
}
