/** The regional StackSet's parameters: computed from the rollout, then `--parameter` overrides. */
import type { Parameter } from '@aws-sdk/client-cloudformation';
import { lambdaCodeKey } from '../../src/conventions';
import type { FunctionName } from '../../src/contract';
import { codeKeyParameterId } from '../../src/regional/params';
import type { Bundle } from './bundles';

export class ParameterError extends Error {
  override name = 'ParameterError';
}

/** `upload` → `UploadCodeKey`: the regional template's parameter for that function's zip. */
export function codeKeyParameter(fn: FunctionName): string {
  return codeKeyParameterId(fn);
}

export function stackSetParameters(
  template: { Parameters?: Record<string, unknown> },
  inputs: {
    environmentSuffix: string;
    artifactBucketPrefix: string;
    bundles: readonly Bundle[];
    overrides: Record<string, string>;
  },
): Record<string, string> {
  const values: Record<string, string> = {
    EnvironmentSuffix: inputs.environmentSuffix,
    ArtifactBucketPrefix: inputs.artifactBucketPrefix,
  };
  for (const bundle of inputs.bundles)
    values[codeKeyParameter(bundle.name)] = lambdaCodeKey(bundle.name, bundle.sha256);
  const declared = new Set(Object.keys(template.Parameters ?? {}));
  for (const key of Object.keys(inputs.overrides)) {
    if (!declared.has(key))
      throw new ParameterError(
        `--parameter ${key}: the template declares no such parameter (${[...declared].join(', ')})`,
      );
  }
  for (const key of Object.keys(values)) {
    if (!declared.has(key))
      throw new ParameterError(`the template lacks the parameter ${key} the rollout sets`);
  }
  return { ...values, ...inputs.overrides };
}

export function toParameterList(values: Record<string, string>): Parameter[] {
  return Object.keys(values)
    .sort()
    .map((key) => ({ ParameterKey: key, ParameterValue: values[key] }));
}
