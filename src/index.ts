/**
 * ServApp's public API: typed functions that return CloudFormation templates as plain objects.
 *
 * @example
 * ```ts
 * import { regionalTemplate, toPrettyJson } from 'servapp';
 * const template = regionalTemplate({ billingMode: 'PROVISIONED', deletionProtection: true });
 * process.stdout.write(toPrettyJson(template));
 * ```
 */
export { canonical, contentHash, toMinifiedJson, toPrettyJson } from './core/emit.js';
export { normaliseRegion } from './core/names.js';
export type { TemplateDocument } from './core/template.js';
export { regionalTemplate } from './regional/index.js';
export type { ApiAuth, BillingMode, RegionalStackOptions } from './regional/options.js';
export { REGIONAL_DEFAULTS } from './regional/options.js';
