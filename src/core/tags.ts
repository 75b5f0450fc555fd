/**
 * The standard tag set and which resource types carry it.
 *
 * Every taggable resource gets the stack's tags. Whether a type takes tags, and in which shape,
 * comes from the same resource schemas as the attribute names (`generated/tag-shapes.ts`): a type
 * whose `Tags` the builder cannot fill is refused, so no resource slips into a template untagged.
 */
import { Fn, type IntrinsicFunction, type ResourceBase, ResourceTag } from 'cloudform-types';
import { TAG_SHAPES } from './generated/tag-shapes.js';

export const PROJECT_NAME = 'ServApp';

/** Tag keys, in the order they are emitted. */
export const TAG_KEYS = [
  'Project',
  'ENVIRONMENT_SUFFIX',
  'REGION',
  'Environment',
  'Team',
  'CostCenter',
] as const;
export type TagKey = (typeof TAG_KEYS)[number];

export type StandardTags = Readonly<Record<TagKey, string | IntrinsicFunction>>;

/** Any tag set: tag keys to values, emitted in the object's key order. */
export type TagSet = Readonly<Record<string, string | IntrinsicFunction>>;

export class TaggingError extends Error {
  override name = 'TaggingError';
}

/** The tags of a stack whose environment values come from template parameters. */
export function parameterTags(parameters: {
  environmentSuffix: string;
  environment: string;
  team: string;
  costCenter: string;
}): StandardTags {
  return {
    Project: PROJECT_NAME,
    ENVIRONMENT_SUFFIX: Fn.Ref(parameters.environmentSuffix),
    REGION: Fn.Ref('AWS::Region'),
    Environment: Fn.Ref(parameters.environment),
    Team: Fn.Ref(parameters.team),
    CostCenter: Fn.Ref(parameters.costCenter),
  };
}

export function tagList(tags: TagSet): ResourceTag[] {
  return Object.entries(tags).map(([key, value]) => new ResourceTag(key, value));
}

/** Whether resources of this type take `Tags` (from the resource schemas). */
export function isTaggable(type: string): boolean {
  const shape = TAG_SHAPES[type];
  return shape !== undefined && shape !== 'none';
}

/**
 * Sets the stack's tags on a resource whose type takes tags, keeping any other tags it already
 * has; a type without `Tags` is left alone. A type unknown to the schemas, or one whose tags
 * need more than a key and a value, is a `TaggingError`.
 */
export function tagResource(resource: ResourceBase, tags: TagSet): void {
  const shape = TAG_SHAPES[resource.Type];
  if (shape === undefined)
    throw new TaggingError(`${resource.Type} is not a resource type CloudFormation knows`);
  if (shape === 'none') return;
  const properties = resource.Properties as { Tags?: unknown };
  const keys = new Set(Object.keys(tags));
  if (shape === 'list') {
    const existing = Array.isArray(properties.Tags) ? (properties.Tags as ResourceTag[]) : [];
    properties.Tags = [...tagList(tags), ...existing.filter((tag) => !keys.has(String(tag.Key)))];
  } else if (shape === 'map') {
    const existing = (properties.Tags ?? {}) as Record<string, unknown>;
    properties.Tags = {
      ...tags,
      ...Object.fromEntries(Object.entries(existing).filter(([k]) => !keys.has(k))),
    };
  } else {
    throw new TaggingError(
      `${resource.Type} takes tags with fields beyond Key and Value; the builder cannot tag it`,
    );
  }
}
