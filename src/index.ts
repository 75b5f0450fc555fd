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
export { canonical, contentHash, toMinifiedJson, toPrettyJson } from './core/emit';
export { normaliseRegion } from './core/names';
export type { TemplateDocument } from './core/template';
export { regionalTemplate } from './regional';
export type { ApiAuth, BillingMode, RegionalStackOptions } from './regional/options';
export { REGIONAL_DEFAULTS } from './regional/options';
