/**
 * The parameters and tags every ServApp stack shares: the environment suffix, the three tag
 * values, the artifact bucket prefix, and the six standard tags built from them. Declared here
 * once, so that the regional, bootstrap and pipeline stacks (and the rollout that fills them)
 * cannot drift apart.
 */
import { Fn, type IntrinsicFunction, StringParameter } from 'cloudform-types';
import type { Reference, TemplateBuilder } from '../core/template.js';
import { DEFAULT_ARTIFACT_BUCKET_PREFIX, PROJECT_NAME } from './deploy.js';

/** Logical ids of the parameters every stack declares under the same name. */
export const SHARED_PARAMETER_IDS = {
  environmentSuffix: 'EnvironmentSuffix',
  environment: 'Environment',
  team: 'Team',
  costCenter: 'CostCenter',
  artifactBucketPrefix: 'ArtifactBucketPrefix',
} as const;

/**
 * `${ArtifactBucketPrefix}-${AWS::AccountId}-${AWS::Region}`, as a Sub pattern: the bucket a stack
 * with the shared ArtifactBucketPrefix parameter reads its region's artifacts from (and the
 * bootstrap names its bucket by).
 */
export const ARTIFACT_BUCKET_PATTERN = `\${${SHARED_PARAMETER_IDS.artifactBucketPrefix}}-\${AWS::AccountId}-\${AWS::Region}`;

/** A short environment name, used in every resource name. */
export const ENVIRONMENT_SUFFIX_PATTERN = /^[a-z][a-z0-9]{0,9}$/;
export const ENVIRONMENT_SUFFIX_RULE = '1-10 lower-case letters or digits, starting with a letter';

/** What a tag value may hold: the tag parameters' AllowedPattern, and what options are checked against. */
export const TAG_VALUE_PATTERN = /^[A-Za-z0-9 ._:/=+@-]{1,128}$/;
export const TAG_VALUE_RULE = '1-128 of letters, digits, space and . _ : / = + @ -';

/** The artifact buckets are `<prefix>-<account>-<region>`: at most 63 characters in all. */
export const ARTIFACT_BUCKET_PREFIX_PATTERN = /^[a-z0-9][a-z0-9-]{1,30}$/;

/** Tag keys, in the order they are emitted. */
export const STANDARD_TAG_KEYS = [
  'Project',
  'ENVIRONMENT_SUFFIX',
  'REGION',
  'Environment',
  'Team',
  'CostCenter',
] as const;
export type StandardTagKey = (typeof STANDARD_TAG_KEYS)[number];
export type StandardTags = Readonly<Record<StandardTagKey, string | IntrinsicFunction>>;

/** The tag values an environment gives its stacks (the tag parameters' defaults). */
export interface TagValues {
  environment: string;
  team: string;
  costCenter: string;
}

/** The six standard tags, their environment values taken from the shared parameters. */
export function standardTags(): StandardTags {
  const ids = SHARED_PARAMETER_IDS;
  return {
    Project: PROJECT_NAME,
    ENVIRONMENT_SUFFIX: Fn.Ref(ids.environmentSuffix),
    REGION: Fn.Ref('AWS::Region'),
    Environment: Fn.Ref(ids.environment),
    Team: Fn.Ref(ids.team),
    CostCenter: Fn.Ref(ids.costCenter),
  };
}

export interface SharedParameterOptions {
  /** Console group of the suffix and tag parameters. */
  group: string;
  suffix: { default: string; description: string; label: string; tagOnly?: boolean };
  tags: TagValues;
  /** Says who owns the stack, after "Value of the Team tag". */
  teamNote?: string;
}

/**
 * Declares the environment suffix and the three tag-value parameters. A suffix marked `tagOnly`
 * (the bootstrap, which serves every environment) is a plain tag value, not a name part.
 */
export function declareSharedParameters(t: TemplateBuilder, o: SharedParameterOptions): Reference {
  const tagValue = (id: string, tag: string, value: string, note = '') =>
    t.parameter(
      id,
      new StringParameter({
        Description: `Value of the ${tag} tag${note}`,
        Default: value,
        AllowedPattern: TAG_VALUE_PATTERN.source,
        ConstraintDescription: '1-128 characters allowed in tag values',
      }),
      { label: `${tag} tag`, group: o.group },
    );
  const ids = SHARED_PARAMETER_IDS;
  const suffix = o.suffix.tagOnly
    ? tagValue(ids.environmentSuffix, 'ENVIRONMENT_SUFFIX', o.suffix.default, o.suffix.description)
    : t.parameter(
        ids.environmentSuffix,
        new StringParameter({
          Description: o.suffix.description,
          Default: o.suffix.default,
          AllowedPattern: ENVIRONMENT_SUFFIX_PATTERN.source,
          ConstraintDescription: ENVIRONMENT_SUFFIX_RULE,
        }),
        { label: o.suffix.label, group: o.group },
      );
  tagValue(ids.environment, 'Environment', o.tags.environment);
  tagValue(ids.team, 'Team', o.tags.team, o.teamNote ?? '');
  tagValue(ids.costCenter, 'CostCenter', o.tags.costCenter);
  return suffix;
}

/** The artifact buckets' prefix, which the bootstrap, the regional stack and the pipeline must agree on. */
export function declareArtifactBucketPrefix(
  t: TemplateBuilder,
  ui: { description: string; label: string; group: string },
): Reference {
  return t.parameter(
    SHARED_PARAMETER_IDS.artifactBucketPrefix,
    new StringParameter({
      Description: ui.description,
      Default: DEFAULT_ARTIFACT_BUCKET_PREFIX,
      AllowedPattern: ARTIFACT_BUCKET_PREFIX_PATTERN.source,
      ConstraintDescription: 'lower-case letters, digits and dashes, at most 31 characters',
    }),
    { label: ui.label, group: ui.group },
  );
}
