/**
 * Tagging: which resource types carry tags, and in which shape.
 *
 * Every taggable resource gets the stack's tags (the caller's tag set). Whether a type takes tags, and in which shape,
 * comes from the same resource schemas as the attribute names (`generated/tag-shapes.ts`): a type
 * whose `Tags` the builder cannot fill is refused, so no resource slips into a template untagged.
 */
import type { IntrinsicFunction, ResourceBase } from 'cloudform-types';
import { ResourceTag } from 'cloudform-types';
import { TAG_SHAPES } from './generated/tag-shapes.js';

/** Any tag set: tag keys to values, emitted in the object's key order. */
export type TagSet = Readonly<Record<string, string | IntrinsicFunction>>;

export class TaggingError extends Error {
  override name = 'TaggingError';
}

export function tagList(tags: TagSet): ResourceTag[] {
  return Object.entries(tags).map(([key, value]) => new ResourceTag(key, value));
}

/** Whether resources of this type take `Tags` (from the resource schemas). */
export function isTaggable(type: string): boolean {
  const shape = TAG_SHAPES[type];
  return shape !== undefined && shape !== 'none';
}

/** How one tag is written for a type whose tags carry more than a key and a value. */
export type TagEntry = (key: string, value: string | IntrinsicFunction) => Record<string, unknown>;

/** A custom resource's properties go to its handler: CloudFormation tags none of them. */
const isCustom = (type: string) =>
  type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';

/**
 * Sets the stack's tags on a resource whose type takes tags, keeping any other tags it already
 * has; a type without `Tags` (or a custom resource) is left alone. A type whose tags need more
 * than a key and a value (an Auto Scaling group's `PropagateAtLaunch`) is tagged through the
 * caller's `entry`, and is a `TaggingError` without one; so is a type unknown to the schemas.
 */
export function tagResource(resource: ResourceBase, tags: TagSet, entry?: TagEntry): void {
  if (isCustom(resource.Type)) return;
  const shape = TAG_SHAPES[resource.Type];
  if (shape === undefined)
    throw new TaggingError(`${resource.Type} is not a resource type CloudFormation knows`);
  if (shape === 'none') return;
  const properties = resource.Properties as { Tags?: unknown };
  const keys = new Set(Object.keys(tags));
  const others = () =>
    (Array.isArray(properties.Tags) ? (properties.Tags as { Key?: unknown }[]) : []).filter(
      (tag) => !keys.has(String(tag.Key)),
    );
  if (shape === 'list') {
    properties.Tags = [...tagList(tags), ...others()];
  } else if (shape === 'map') {
    const existing = (properties.Tags ?? {}) as Record<string, unknown>;
    properties.Tags = {
      ...tags,
      ...Object.fromEntries(Object.entries(existing).filter(([k]) => !keys.has(k))),
    };
  } else if (entry) {
    properties.Tags = [...Object.entries(tags).map(([key, value]) => entry(key, value)), ...others()];
  } else {
    throw new TaggingError(
      `${resource.Type} takes tags with fields beyond Key and Value: pass the resource option tagEntry, e.g. (Key, Value) => ({ Key, Value, PropagateAtLaunch: true })`,
    );
  }
}
