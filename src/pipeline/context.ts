/** What every part of the pipeline stack is built from. */
import { NAME_PREFIX, SHARED_PARAMETER_IDS } from '../conventions/index.js';
import type { Names } from '../core/names.js';
import type { TemplateBuilder } from '../core/template.js';
import type { PipelineSettings } from './options.js';
import type { PipelineParameters } from './params.js';

export interface PipelineContext {
  t: TemplateBuilder;
  names: Names;
  params: PipelineParameters;
  settings: PipelineSettings;
}

/** CodeBuild and the pipeline keep their logs this long. */
export const PIPELINE_LOG_RETENTION_DAYS = 7;

/** `servapp-<suffix>-<purpose>`: the pipeline stack lives in one region, so no region id. */
export function pipelineName(purpose: string): string {
  return `${NAME_PREFIX}-\${${SHARED_PARAMETER_IDS.environmentSuffix}}-${purpose}`;
}
