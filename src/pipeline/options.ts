/**
 * What the pipeline rolls out, in order: each stage deploys one environment with the same
 * rollout and the same built artifacts, and a stage may first wait for a manual approval.
 */
import { ENVIRONMENT_SUFFIX_PATTERN, type TagValues } from '../conventions/index.js';
import { OptionsError } from '../core/options-error.js';

export interface PipelineStage {
  /** The environment's name in the configuration: the deploy runs `npm run rollout -- --env <name>`. */
  environment: string;
  /** Its suffix: the deploy role may operate the StackSet `servapp-<suffix>` only. */
  suffix: string;
  /** Wait for a person's approval before this stage. */
  approval: boolean;
}

export interface PipelineSettings {
  /** Names the pipeline stack's own resources: `servapp-<suffix>-pipeline`. */
  suffix: string;
  /** A push to this branch starts the pipeline. */
  branch: string;
  stages: readonly PipelineStage[];
  tags: TagValues;
}

/** One environment, deployed on every push: the single-environment pipeline. */
export const PIPELINE_DEFAULTS: PipelineSettings = Object.freeze({
  suffix: 'dev',
  branch: 'main',
  stages: Object.freeze([Object.freeze({ environment: 'dev', suffix: 'dev', approval: false })]),
  tags: Object.freeze({ environment: 'development', team: 'market-data', costCenter: 'CC-0000' }),
});

export function checkPipelineSettings(s: PipelineSettings): PipelineSettings {
  const fail = (message: string) => {
    throw new OptionsError(`pipeline: ${message}`);
  };
  if (!ENVIRONMENT_SUFFIX_PATTERN.test(s.suffix)) fail(`suffix ${JSON.stringify(s.suffix)} is not a suffix`);
  if (s.stages.length === 0) fail('stages must name at least one environment');
  const seen = new Set<string>();
  for (const stage of s.stages) {
    if (seen.has(stage.environment)) fail(`stages name ${stage.environment} twice`);
    seen.add(stage.environment);
    if (!/^[a-z][a-z0-9-]{0,30}$/.test(stage.environment))
      fail(`stage environment ${JSON.stringify(stage.environment)} is not an environment name`);
    if (!ENVIRONMENT_SUFFIX_PATTERN.test(stage.suffix))
      fail(`stage ${stage.environment}: suffix ${JSON.stringify(stage.suffix)} is not a suffix`);
  }
  return s;
}
