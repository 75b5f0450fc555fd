/** What `npm run rollout` is asked to do. */
import { DEFAULT_ARTIFACT_BUCKET_PREFIX } from '../../src/bootstrap/conventions';
import { ENVIRONMENT_SUFFIX_PATTERN } from '../../src/regional/options';
import { choice, defineCommand, keyValues, regionList, required, UsageError } from '../cli/args';
import { APPROVALS, type Approval, NEEDS_APPROVAL_EXIT_CODE } from '../review/gate';

export interface RolloutOptions {
  environmentSuffix: string;
  regions: string[];
  dryRun: boolean;
  /** Regional template parameters set by hand (`--parameter K=V`); they win over computed ones. */
  parameters: Record<string, string>;
  artifactBucketPrefix: string;
  /** What the change review may contain without stopping the rollout (`--approve`). */
  approvals?: readonly Approval[];
  /** A reviewed JSON review (`npm run diff -- --format json`) whose listed changes are approved. */
  approvedReview?: string;
}

export const ROLLOUT_COMMAND = defineCommand({
  name: 'rollout',
  usage: `usage: npm run rollout -- --environment-suffix <s> --regions <r1,r2,...> [options]
Rolls templates/regional.json out as the StackSet servapp-<s>: lint, upload the bundles, create or
update the StackSet and its instances, then a per-region summary.
  --environment-suffix <s>           1-10 lower-case letters or digits, starting with a letter
  --regions <r1,r2,...>              regions to deploy to; only those the template's RegionIds mapping serves
  --dry-run                          print the plan and what would change; change nothing
  --parameter Key=Value              set a parameter of the regional template (repeatable)
  --artifact-bucket-prefix <prefix>  as given to the bootstrap (default ${DEFAULT_ARTIFACT_BUCKET_PREFIX})
  --approve replacement              go ahead although resources are (or may be) replaced or removed
                                     with their data (the review names them)
  --approve broadening               go ahead although access widens (or a security setting changes)
  --approved-review <review.json>    go ahead with exactly what this reviewed review lists (the pipeline)
  -h, --help                         this help
Before anything is uploaded it prints the change review (npm run diff -- --deployed, the same).
exit codes: 0 done or nothing to do, 1 a region failed or the rollout stopped, 2 usage,
${NEEDS_APPROVAL_EXIT_CODE} the review needs an approval that was not given (nothing was changed)`,
  options: {
    'environment-suffix': { type: 'string' },
    regions: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    parameter: { type: 'string', multiple: true },
    'artifact-bucket-prefix': { type: 'string', default: DEFAULT_ARTIFACT_BUCKET_PREFIX },
    approve: { type: 'string', multiple: true },
    'approved-review': { type: 'string' },
  },
});

export function parseRolloutOptions(argv: readonly string[]): RolloutOptions {
  const { values } = ROLLOUT_COMMAND.parse(argv);
  const environmentSuffix = required(
    '--environment-suffix',
    values['environment-suffix'],
    '--environment-suffix dev',
  );
  if (!ENVIRONMENT_SUFFIX_PATTERN.test(environmentSuffix))
    throw new UsageError('--environment-suffix: 1-10 lower-case letters or digits, starting with a letter');
  return {
    environmentSuffix,
    regions: regionList('--regions', values.regions),
    dryRun: values['dry-run'],
    parameters: keyValues('--parameter', values.parameter),
    artifactBucketPrefix: values['artifact-bucket-prefix'],
    approvals: (values.approve ?? []).map((a) => choice('--approve', a, APPROVALS)),
    ...(values['approved-review'] === undefined ? {} : { approvedReview: values['approved-review'] }),
  };
}
