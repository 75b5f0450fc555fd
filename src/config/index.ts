/**
 * `servapp/config`: environments as configuration, not code edits. One typed file defines every
 * environment (its suffix, account, regions, build options, deploy-time parameter values and the
 * branch it deploys from) and the pipeline's promotion order; the build writes one regional
 * template per environment, and the rollout and the pipeline pick them by name.
 *
 * @example
 * ```ts
 * import { defineConfig } from 'servapp/config';
 * export default defineConfig({
 *   environments: {
 *     dev: { suffix: 'dev', regions: ['us-east-1'], branch: 'main', tags: { environment: 'development', team: 'data', costCenter: 'CC-1' } },
 *     prod: {
 *       suffix: 'prod', account: '111122223333', regions: ['us-east-1', 'us-west-2'], branch: 'main',
 *       tags: { environment: 'production', team: 'data', costCenter: 'CC-1' },
 *       build: { billingMode: 'PROVISIONED', deletionProtection: true, logRetentionDays: 30 },
 *       parameters: { AlarmEmail: 'oncall@example.com' },
 *     },
 *   },
 *   pipeline: { suffix: 'release', stages: [{ environment: 'dev' }, { environment: 'prod', approval: true }] },
 * });
 * ```
 */
import {
  BUILT_FOR_METADATA,
  type BuiltFor,
  ENVIRONMENT_SUFFIX_PATTERN,
  ENVIRONMENT_SUFFIX_RULE,
  type TagValues,
} from '../conventions/index.js';
import { parameterViolation } from '../core/parameters.js';
import type { TemplateDocument } from '../core/template.js';
import { PIPELINE_DEFAULTS, type PipelineSettings } from '../pipeline/options.js';
import { regionalTemplate } from '../regional/index.js';
import { OptionsError, type RegionalStackOptions } from '../regional/options.js';

/**
 * Deploy-time values of the regional template's parameters that an environment may set. The
 * rollout owns the others (suffix, artifact bucket prefix, code keys) and the tag values come
 * from `tags`. Which caps exist depends on the billing mode: a cap set for a PROVISIONED build is
 * an error, since that template has no such parameter.
 */
export interface RegionalParameterValues {
  /** Subscribed to the alarm topic. */
  AlarmEmail?: string;
  /** Whether this stack sets the region's API Gateway logging role (say false if another stack does). */
  ConfigureApiGatewayAccount?: 'true' | 'false';
  MarketDataMaxWriteRequestUnits?: number;
  MarketDataMaxReadRequestUnits?: number;
  JobsMaxWriteRequestUnits?: number;
  JobsMaxReadRequestUnits?: number;
  MarketDataWarmWriteUnitsPerSecond?: number;
  MarketDataWarmReadUnitsPerSecond?: number;
}

/** Build options an environment sets; its suffix, regions and tags are set beside them. */
export type EnvironmentBuildOptions = Omit<
  RegionalStackOptions,
  'environmentSuffix' | 'regions' | 'environment' | 'team' | 'costCenter'
>;

export interface EnvironmentConfig {
  /** In every resource name and in the StackSet's name (`servapp-<suffix>`). */
  suffix: string;
  /** The AWS account it must be deployed to; the rollout refuses credentials of another. */
  account?: string;
  /** Regions of its StackSet instances (the template serves exactly these). */
  regions: readonly string[];
  /** The tag values of every resource (and the defaults of the tag parameters). */
  tags: TagValues;
  /** Build-time options: billing mode, deletion protection, API auth, retention, runtime, … */
  build?: EnvironmentBuildOptions;
  /** Deploy-time parameter values the rollout passes. */
  parameters?: RegionalParameterValues;
  /** The branch the pipeline deploys this environment from. */
  branch: string;
}

export interface PipelineConfig {
  /** Names the pipeline stack's resources: `servapp-<suffix>-pipeline`. */
  suffix: string;
  /** The environments it deploys, in order; `approval` waits for a person first. */
  stages: readonly { environment: string; approval?: boolean }[];
}

export interface ServAppConfig {
  environments: Readonly<Record<string, EnvironmentConfig>>;
  pipeline?: PipelineConfig;
}

export class ConfigError extends OptionsError {
  override name = 'ConfigError';
}

const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,30}$/;
const ENVIRONMENT_KEYS = ['suffix', 'account', 'regions', 'tags', 'build', 'parameters', 'branch'];
const TAG_KEYS = ['environment', 'team', 'costCenter'];
const PARAMETER_KEYS: readonly (keyof RegionalParameterValues)[] = [
  'AlarmEmail',
  'ConfigureApiGatewayAccount',
  'MarketDataMaxWriteRequestUnits',
  'MarketDataMaxReadRequestUnits',
  'JobsMaxWriteRequestUnits',
  'JobsMaxReadRequestUnits',
  'MarketDataWarmWriteUnitsPerSecond',
  'MarketDataWarmReadUnitsPerSecond',
];

function onlyKeys(value: unknown, allowed: readonly string[], where: string): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new ConfigError(`${where} must be an object`);
  for (const key of Object.keys(value))
    if (!allowed.includes(key))
      throw new ConfigError(`${where}: unknown key ${key}; known: ${allowed.join(', ')}`);
}

/** The regional build options an environment resolves to. */
export function environmentOptions(env: EnvironmentConfig): RegionalStackOptions {
  return {
    ...env.build,
    environmentSuffix: env.suffix,
    regions: env.regions,
    environment: env.tags.environment,
    team: env.tags.team,
    costCenter: env.tags.costCenter,
  };
}

/** The regional template of one environment, recording the environment it was built for. */
export function environmentTemplate(config: ServAppConfig, name: string): TemplateDocument {
  const env = environment(config, name);
  return regionalTemplate(environmentOptions(env), { name });
}

/** An environment by name; an unknown name is a `ConfigError` that lists the known ones. */
export function environment(config: ServAppConfig, name: string): EnvironmentConfig {
  const env = Object.hasOwn(config.environments, name) ? config.environments[name] : undefined;
  if (!env)
    throw new ConfigError(
      `unknown environment ${JSON.stringify(name)}; the configuration defines ${Object.keys(config.environments).join(', ')}`,
    );
  return env;
}

/** The parameter values the rollout passes for an environment: its tags and its `parameters`. */
export function environmentParameters(env: EnvironmentConfig): Record<string, string> {
  const values: Record<string, string> = {
    Environment: env.tags.environment,
    Team: env.tags.team,
    CostCenter: env.tags.costCenter,
  };
  for (const [key, value] of Object.entries(env.parameters ?? {}))
    if (value !== undefined) values[key] = String(value);
  return values;
}

/** What a template records of the environment it was built for, if anything. */
export function builtFor(template: { Metadata?: Record<string, unknown> }): BuiltFor | undefined {
  const record = template.Metadata?.[BUILT_FOR_METADATA] as BuiltFor | undefined;
  return record && typeof record.name === 'string' ? record : undefined;
}

/** The pipeline's settings: its stages from the config, each with its environment's suffix. */
export function pipelineSettings(config: ServAppConfig): PipelineSettings {
  const pipeline = config.pipeline;
  if (!pipeline) return PIPELINE_DEFAULTS;
  const first = environment(config, pipeline.stages[0]?.environment ?? '');
  const stages = pipeline.stages.map((stage) => {
    const env = environment(config, stage.environment);
    if (env.branch !== first.branch)
      throw new ConfigError(
        `pipeline: ${stage.environment} deploys from ${env.branch} but the pipeline runs on ${first.branch}; one pipeline serves one branch`,
      );
    return { environment: stage.environment, suffix: env.suffix, approval: stage.approval ?? false };
  });
  return { suffix: pipeline.suffix, branch: first.branch, stages, tags: first.tags };
}

/**
 * Checks a whole configuration, so that a mistake names its environment and key at build time:
 * unknown keys, a suffix, account or region that is not one, two environments sharing a suffix
 * (they would share a StackSet), build options `resolveOptions` refuses, parameter values the
 * built template's own constraints refuse, and a pipeline naming an unknown environment.
 */
export function checkConfig(config: ServAppConfig): ServAppConfig {
  onlyKeys(config, ['environments', 'pipeline'], 'config');
  const suffixes = new Map<string, string>();
  for (const [name, env] of Object.entries(config.environments)) {
    const where = `environments.${name}`;
    if (!ENVIRONMENT_NAME.test(name))
      throw new ConfigError(`${where}: an environment name is lower-case letters, digits and dashes`);
    onlyKeys(env, ENVIRONMENT_KEYS, where);
    onlyKeys(env.tags, TAG_KEYS, `${where}.tags`);
    if (!ENVIRONMENT_SUFFIX_PATTERN.test(env.suffix))
      throw new ConfigError(
        `${where}.suffix must be ${ENVIRONMENT_SUFFIX_RULE}, not ${JSON.stringify(env.suffix)}`,
      );
    const other = suffixes.get(env.suffix);
    if (other)
      throw new ConfigError(
        `${where}.suffix ${env.suffix} is ${other}'s too: each environment has its own StackSet`,
      );
    suffixes.set(env.suffix, name);
    if (env.account !== undefined && !/^\d{12}$/.test(env.account))
      throw new ConfigError(
        `${where}.account must be a 12-digit account id, not ${JSON.stringify(env.account)}`,
      );
    if (typeof env.branch !== 'string' || !/^[A-Za-z0-9_./-]{1,255}$/.test(env.branch))
      throw new ConfigError(`${where}.branch must be a branch name, not ${JSON.stringify(env.branch)}`);
    onlyKeys(env.parameters ?? {}, PARAMETER_KEYS, `${where}.parameters`);
    let template: TemplateDocument;
    try {
      template = regionalTemplate(environmentOptions(env), { name });
    } catch (error) {
      if (error instanceof OptionsError) throw new ConfigError(`${where}: ${error.message}`);
      throw error;
    }
    const declared = (template.Parameters ?? {}) as Record<string, Record<string, unknown>>;
    for (const [key, value] of Object.entries(environmentParameters(env))) {
      const parameter = declared[key];
      if (!parameter)
        throw new ConfigError(
          `${where}.parameters.${key}: this environment's template has no such parameter`,
        );
      const why = parameterViolation(parameter, value);
      if (why) throw new ConfigError(`${where}.parameters.${key}: ${JSON.stringify(value)} ${why}`);
    }
  }
  if (config.pipeline) {
    onlyKeys(config.pipeline, ['suffix', 'stages'], 'pipeline');
    for (const stage of config.pipeline.stages)
      onlyKeys(stage, ['environment', 'approval'], 'pipeline.stages[]');
    pipelineSettings(config);
  }
  return config;
}

/**
 * Declares a configuration: typed by the compiler, checked when loaded. The literal types of the
 * environment names are kept (`const`), so `environmentTemplate(config, 'prd')` can be caught by
 * the checks at build time and the names listed in errors.
 */
export function defineConfig<const C extends ServAppConfig>(config: C): C {
  checkConfig(config);
  return config;
}
