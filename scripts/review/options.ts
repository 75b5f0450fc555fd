/** What `npm run diff` is asked to compare, and how to print it. */
import { DEFAULT_ARTIFACT_BUCKET_PREFIX } from '../../src/conventions';
import environments from '../../src/environments';
import { choice, defineCommand, keyValues, UsageError } from '../cli/args';

export const FORMATS = ['terminal', 'markdown', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export type DiffTarget =
  | { kind: 'files'; before: string; after: string }
  | { kind: 'git'; ref: string }
  | {
      kind: 'deployed';
      environment: string;
      /** A built template to compare as it is (the pipeline's artifact), else the environment's. */
      templateFile?: string;
      parameters: Record<string, string>;
      artifactBucketPrefix: string;
    };

export interface DiffOptions {
  target: DiffTarget;
  format: Format;
}

export const DIFF_COMMAND = defineCommand({
  name: 'diff',
  usage: `usage: npm run diff -- <before.json> <after.json> [--format terminal|markdown|json]
       npm run diff -- --git <ref> [--format …]
       npm run diff -- --deployed --env <name> [--template <file>] [--parameter K=V …] [--format …]
Reviews what a change does: resources added, removed, modified or replaced (with the data a
replacement or removal destroys, or leaves behind when retained), parameters, outputs, conditions
and mappings, permissions that widen or narrow, and (against a deployed StackSet) the functions
whose code changes.
  <before.json> <after.json>          any two template files
  --git <ref>                         each template in templates/ at a git ref → built from src/ now
  --deployed                          the environment's StackSet as deployed (DescribeStackSet) → what
                                      npm run rollout -- --env <name> would deploy now
  --env <name>                        with --deployed: an environment of src/environments.ts (${Object.keys(environments.environments).join(', ')})
  --template <file>                   with --deployed: compare this built template (as the rollout's --template)
  --parameter Key=Value               with --deployed: as given to the rollout (repeatable)
  --artifact-bucket-prefix <prefix>   with --deployed: as given to the rollout (default ${DEFAULT_ARTIFACT_BUCKET_PREFIX})
  --format terminal|markdown|json     terminal (default), Markdown for a pull request, JSON for tools
  -h, --help                          this help
exit codes: 0 the review was printed (whatever it says), 1 could not compare, 2 usage`,
  options: {
    git: { type: 'string' },
    deployed: { type: 'boolean', default: false },
    env: { type: 'string' },
    template: { type: 'string' },
    parameter: { type: 'string', multiple: true },
    'artifact-bucket-prefix': { type: 'string', default: DEFAULT_ARTIFACT_BUCKET_PREFIX },
    format: { type: 'string', default: 'terminal' },
  },
  maxPositionals: 2,
});

export function parseDiffOptions(argv: readonly string[]): DiffOptions {
  const { values, positionals } = DIFF_COMMAND.parse(argv);
  const format = choice('--format', values.format, FORMATS);
  const modes = [positionals.length > 0, values.git !== undefined, values.deployed].filter(Boolean).length;
  if (modes !== 1) throw new UsageError('give two template files, or --git <ref>, or --deployed');
  for (const flag of ['env', 'template', 'parameter'] as const)
    if (!values.deployed && values[flag] !== undefined)
      throw new UsageError(`--${flag} goes with --deployed`);
  if (values.deployed) {
    const name = values.env;
    if (name === undefined) throw new UsageError('--deployed needs --env, e.g. --env dev');
    if (!Object.hasOwn(environments.environments, name))
      throw new UsageError(
        `--env: no environment ${name} in src/environments.ts (${Object.keys(environments.environments).join(', ')})`,
      );
    return {
      format,
      target: {
        kind: 'deployed',
        environment: name,
        ...(values.template === undefined ? {} : { templateFile: values.template }),
        parameters: keyValues('--parameter', values.parameter),
        artifactBucketPrefix: values['artifact-bucket-prefix'],
      },
    };
  }
  if (values.git !== undefined) return { format, target: { kind: 'git', ref: values.git } };
  const [before, after] = positionals;
  if (before === undefined || after === undefined)
    throw new UsageError('give two template files: <before.json> <after.json>');
  return { format, target: { kind: 'files', before, after } };
}
