/**
 * `servapp/core`: the typed layer over cloudform-types, for building your own stacks from
 * ServApp's blocks — the template builder and typed handles, deterministic emit, intrinsics,
 * names, tags, IAM statements, suppressions, private buckets, customer-managed keys, and the
 * extension classes for properties cloudform-types 7.5.0 lacks.
 *
 * @example
 * ```ts
 * import { SQS } from 'cloudform-types';
 * import { TemplateBuilder, allow, toPrettyJson } from 'servapp/core';
 *
 * const t = new TemplateBuilder('A queue', { Project: 'Demo', Owner: 'team-a' });
 * const queue = t.resource('Queue', new SQS.Queue({ VisibilityTimeout: 60 }));
 * const send = allow('SendToQueue', ['sqs:SendMessage'], [queue.getAtt('Arn')]);
 * console.log(toPrettyJson(t.build()), send);
 * ```
 */
export * from './emit.js';
export * from './extensions.js';
export type { ResourceAttributes, ResourceType } from './generated/resource-attributes.js';
export * from './iam.js';
export * from './intrinsics.js';
export * from './kms.js';
export * from './names.js';
export * from './options-error.js';
export * from './parameters.js';
export * from './s3.js';
export * from './suppressions.js';
export * from './tags.js';
export * from './template.js';
