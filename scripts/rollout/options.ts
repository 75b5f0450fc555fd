/** What `npm run rollout` is asked to do. */
import { DEFAULT_ARTIFACT_BUCKET_PREFIX } from '../../src/bootstrap/conventions';
import { ENVIRONMENT_SUFFIX_PATTERN } from '../../src/regional/options';
import { parseArgs, parseParameters, parseRegions, single, UsageError } from './args';

export interface RolloutOptions {
  environmentSuffix: string;
  regions: string[];
  dryRun: boolean;
  /** Regional template parameters set by hand (`--parameter K=V`); they win over computed ones. */
  parameters: Record<string, string>;
  artifactBucketPrefix: string;
}

export const ROLLOUT_USAGE = `usage: npm run rollout -- --environment-suffix <s> --regions us-east-1,us-west-2
         [--dry-run] [--parameter Key=Value ...] [--artifact-bucket-prefix <prefix>]`;

export function parseRolloutOptions(argv: readonly string[]): RolloutOptions {
  const parsed = parseArgs(argv, {
    'environment-suffix': { value: true },
    regions: { value: true },
    'dry-run': { value: false },
    parameter: { value: true, repeat: true },
    'artifact-bucket-prefix': { value: true },
  });
  if (parsed.positional.length > 0) throw new UsageError(`unexpected argument ${parsed.positional[0]}`);
  const environmentSuffix = single(parsed, 'environment-suffix');
  if (!environmentSuffix) throw new UsageError('--environment-suffix is required');
  if (!ENVIRONMENT_SUFFIX_PATTERN.test(environmentSuffix))
    throw new UsageError('--environment-suffix: 1-10 lower-case letters or digits, starting with a letter');
  return {
    environmentSuffix,
    regions: parseRegions(single(parsed, 'regions')),
    dryRun: parsed.flags.has('dry-run'),
    parameters: parseParameters(parsed.values.get('parameter') ?? []),
    artifactBucketPrefix: single(parsed, 'artifact-bucket-prefix') ?? DEFAULT_ARTIFACT_BUCKET_PREFIX,
  };
}
