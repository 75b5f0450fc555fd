/** What every part of the regional stack is built from. */
import type { Names } from '../core/names.js';
import type { TemplateBuilder } from '../core/template.js';
import type { RegionalSettings } from './options.js';
import type { RegionalParameters } from './params.js';

export interface RegionalContext {
  t: TemplateBuilder;
  names: Names;
  settings: RegionalSettings;
  params: RegionalParameters;
}

/** Data stores keep their data on stack deletion or replacement when destruction prevention is on. */
export function retention(ctx: RegionalContext) {
  return ctx.settings.deletionProtection
    ? ({ deletionPolicy: 'Retain', updateReplacePolicy: 'Retain' } as const)
    : ({ deletionPolicy: 'Delete', updateReplacePolicy: 'Delete' } as const);
}
