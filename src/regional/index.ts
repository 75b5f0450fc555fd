/** The regional stack: one StackSet instance per region. Reads like the architecture. */
import { Names, REGION_MAPPING, regionMapping } from '../core/names.js';
import { parameterTags } from '../core/tags.js';
import { TemplateBuilder, type TemplateDocument } from '../core/template.js';
import { api } from './api.js';
import { uploadBucket } from './bucket.js';
import type { RegionalContext } from './context.js';
import { dataKey } from './encryption.js';
import { functions } from './functions.js';
import { monitoring } from './monitoring.js';
import { type RegionalStackOptions, resolveOptions } from './options.js';
import { outputs } from './outputs.js';
import { declareParameters, PARAMETER_IDS } from './params.js';
import { tables } from './tables.js';

export const REGIONAL_DESCRIPTION =
  'ServApp regional stack: market-data API (API Gateway + Lambda), CSV ingest from S3 into DynamoDB, alarms';

export function regionalTemplate(options: RegionalStackOptions = {}): TemplateDocument {
  const settings = resolveOptions(options);
  const t = new TemplateBuilder(REGIONAL_DESCRIPTION, parameterTags(PARAMETER_IDS));
  const params = declareParameters(t, settings);
  t.mapping(REGION_MAPPING, regionMapping(settings.regions));
  const ctx: RegionalContext = { t, names: new Names(PARAMETER_IDS.environmentSuffix), settings, params };

  const key = dataKey(ctx);
  const data = tables(ctx, key);
  const fns = functions(ctx, data, key);
  const bucket = uploadBucket(ctx, key, fns);
  const rest = api(ctx, fns, key);
  monitoring(ctx, key, fns, data);
  outputs(ctx, rest, fns, data, bucket);
  return t.build();
}
