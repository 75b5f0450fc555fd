/**
 * The regional StackSet's parameters: the rollout's own (suffix, artifact bucket prefix, code
 * keys), the environment's from the configuration, then `--parameter` overrides. Every value is
 * checked against the template's own declaration (Type, AllowedValues, AllowedPattern, lengths,
 * range) before anything is linted, built or asked of AWS.
 */
import type { Parameter } from '@aws-sdk/client-cloudformation';
import { FUNCTION_NAMES } from '../../src/contract';
import { functionIds, lambdaCodeKey, SHARED_PARAMETER_IDS } from '../../src/conventions';
import { parameterViolation } from '../../src/core/parameters';
import { UsageError } from '../cli/args';
import type { Bundle } from './bundles';

/** A parameter value the template's own constraints refuse, or one the rollout does not let a caller set. */
export class ParameterError extends UsageError {
  override name = 'ParameterError';
}

/** The parameters only the rollout sets: overriding them would deploy one StackSet under another's names. */
export const ROLLOUT_OWNED_PARAMETERS: readonly string[] = [
  SHARED_PARAMETER_IDS.environmentSuffix,
  SHARED_PARAMETER_IDS.artifactBucketPrefix,
  ...FUNCTION_NAMES.map((fn) => functionIds(fn).codeKeyParameter),
];

type Declarations = Record<string, Record<string, unknown>>;

/**
 * Refuses an override of a rollout-owned parameter, a parameter the template does not declare, and
 * any value its declaration refuses; says which rule it breaks.
 */
export function checkParameterValues(
  template: { Parameters?: Record<string, unknown> },
  values: Record<string, string>,
  origin: (key: string) => string,
): void {
  const declared = (template.Parameters ?? {}) as Declarations;
  for (const [key, value] of Object.entries(values)) {
    const parameter = declared[key];
    if (!parameter)
      throw new ParameterError(
        `${origin(key)} ${key}: the template declares no such parameter (${Object.keys(declared).join(', ')})`,
      );
    const why = parameterViolation(parameter, value);
    if (why) throw new ParameterError(`${origin(key)} ${key}=${JSON.stringify(value)}: ${why}`);
  }
}

export function refuseOwnedOverrides(overrides: Record<string, string>): void {
  const owned = Object.keys(overrides).filter((key) => ROLLOUT_OWNED_PARAMETERS.includes(key));
  if (owned.length > 0)
    throw new ParameterError(
      `--parameter ${owned.join(', ')}: set by the rollout itself (from --env, --artifact-bucket-prefix and the bundles), not by hand`,
    );
}

export function stackSetParameters(
  template: { Parameters?: Record<string, unknown> },
  inputs: {
    environmentSuffix: string;
    artifactBucketPrefix: string;
    bundles: readonly Bundle[];
    configParameters?: Record<string, string>;
    overrides: Record<string, string>;
  },
): Record<string, string> {
  refuseOwnedOverrides(inputs.overrides);
  const owned: Record<string, string> = {
    [SHARED_PARAMETER_IDS.environmentSuffix]: inputs.environmentSuffix,
    [SHARED_PARAMETER_IDS.artifactBucketPrefix]: inputs.artifactBucketPrefix,
  };
  for (const bundle of inputs.bundles)
    owned[functionIds(bundle.name).codeKeyParameter] = lambdaCodeKey(bundle.name, bundle.sha256);
  const config = inputs.configParameters ?? {};
  checkParameterValues(template, owned, () => 'the rollout sets');
  checkParameterValues(template, config, () => 'src/environments.ts sets');
  checkParameterValues(template, inputs.overrides, () => '--parameter');
  return { ...owned, ...config, ...inputs.overrides };
}

export function toParameterList(values: Record<string, string>): Parameter[] {
  return Object.keys(values)
    .sort()
    .map((key) => ({ ParameterKey: key, ParameterValue: values[key] }));
}
