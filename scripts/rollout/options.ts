/** What `npm run rollout` is asked to do: an environment of src/environments.ts, narrowed by flags. */
import {
  type EnvironmentConfig,
  environment,
  environmentParameters,
  type ServAppConfig,
} from '../../src/config';
import { DEFAULT_ARTIFACT_BUCKET_PREFIX } from '../../src/conventions';
import environments from '../../src/environments';
import { choice, defineCommand, keyValues, regionList, required, UsageError } from '../cli/args';
import { APPROVALS, type Approval, NEEDS_APPROVAL_EXIT_CODE } from '../review/gate';

export interface RolloutOptions {
  /** The environment's name in the configuration. */
  environment: string;
  environmentSuffix: string;
  /** The regions deployed to: the environment's, or fewer with --regions. */
  regions: string[];
  /** The environment's regions when --regions narrowed them. */
  narrowedFrom?: string[];
  /** The account the environment must be deployed to, when the configuration names one. */
  account?: string;
  dryRun: boolean;
  /** Parameter values from the configuration (tags, alarm e-mail, capacity). */
  configParameters: Record<string, string>;
  /** Parameters set by hand (`--parameter K=V`); they win over the configuration's. */
  parameters: Record<string, string>;
  artifactBucketPrefix: string;
  /** Deploy this built file as it is (the pipeline's artifact) instead of templates/<env>/regional.json. */
  templateFile?: string;
  /** What the change review may contain without stopping the rollout (`--approve`). */
  approvals?: readonly Approval[];
  /** A reviewed JSON review (`npm run diff -- --format json`) whose listed changes are approved. */
  approvedReview?: string;
}

export const ROLLOUT_COMMAND = defineCommand({
  name: 'rollout',
  usage: `usage: npm run rollout -- --env <name> [options]
Rolls the environment's regional template (templates/<name>/regional.json, rebuilt first if stale) out
as the StackSet servapp-<suffix>: check parameters, lint, upload the bundles, create or update the
StackSet and its instances, then a per-region summary. The environment (suffix, account, regions,
parameter values) comes from src/environments.ts.
  --env <name>                       an environment of src/environments.ts (${Object.keys(environments.environments).join(', ')})
  --regions <r1,r2,...>              deploy to fewer regions than the environment names
  --parameter Key=Value              override a parameter value of the environment (repeatable);
                                     the rollout's own (EnvironmentSuffix, ArtifactBucketPrefix, *CodeKey) cannot be
  --template <file>                  deploy this built template as it is (it must be built for --env)
  --dry-run                          print the plan and what would change; change nothing
  --artifact-bucket-prefix <prefix>  as given to the bootstrap (default ${DEFAULT_ARTIFACT_BUCKET_PREFIX})
  --approve replacement              go ahead although data is lost (or left behind) by a replacement
                                     or removal (the review names the resources)
  --approve broadening               go ahead although access widens (or a security setting changes)
  --approved-review <review.json>    go ahead with exactly what this reviewed review lists (the pipeline)
  -h, --help                         this help
Before anything is uploaded it prints the change review (the same as npm run diff -- --deployed).
exit codes: 0 done or nothing to do, 1 a region failed or the rollout stopped, 2 usage or a refused
input (unknown environment, bad parameter, template built for another environment), 3 dry run that
could not compare with AWS (no credentials, endpoint unreachable), ${NEEDS_APPROVAL_EXIT_CODE} the review needs an
approval that was not given (nothing was changed)`,
  options: {
    env: { type: 'string' },
    regions: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    parameter: { type: 'string', multiple: true },
    template: { type: 'string' },
    'artifact-bucket-prefix': { type: 'string', default: DEFAULT_ARTIFACT_BUCKET_PREFIX },
    approve: { type: 'string', multiple: true },
    'approved-review': { type: 'string' },
  },
});

/** Exit code of a dry run that printed the local plan but could not compare it with AWS. */
export const EXIT_NOT_COMPARED = 3;

function narrowRegions(
  env: EnvironmentConfig,
  raw: string | undefined,
): Pick<RolloutOptions, 'regions' | 'narrowedFrom'> {
  const configured = [...env.regions];
  if (raw === undefined) return { regions: configured };
  const regions = regionList('--regions', raw);
  const outside = regions.filter((region) => !configured.includes(region));
  if (outside.length > 0)
    throw new UsageError(
      `--regions: ${outside.join(', ')} is not a region of this environment (${configured.join(', ')}); --regions can only narrow, add a region in src/environments.ts`,
    );
  return { regions, narrowedFrom: configured };
}

export function parseRolloutOptions(
  argv: readonly string[],
  config: ServAppConfig = environments,
): RolloutOptions {
  const { values } = ROLLOUT_COMMAND.parse(argv);
  const name = required('--env', values.env, `--env ${Object.keys(config.environments)[0] ?? 'dev'}`);
  let env: EnvironmentConfig;
  try {
    env = environment(config, name);
  } catch (error) {
    throw new UsageError(`--env: ${(error as Error).message}`);
  }
  return {
    environment: name,
    environmentSuffix: env.suffix,
    ...narrowRegions(env, values.regions),
    ...(env.account ? { account: env.account } : {}),
    dryRun: values['dry-run'],
    configParameters: environmentParameters(env),
    parameters: keyValues('--parameter', values.parameter),
    artifactBucketPrefix: values['artifact-bucket-prefix'],
    ...(values.template ? { templateFile: values.template } : {}),
    ...(values.approve === undefined
      ? {}
      : { approvals: values.approve.map((a) => choice('--approve', a, APPROVALS)) }),
    ...(values['approved-review'] === undefined ? {} : { approvedReview: values['approved-review'] }),
  };
}
