/** The regional stack: one StackSet instance per region. Reads like the architecture. */
import { PERMISSIONS_BOUNDARY_ARN_PATTERN } from '../bootstrap/conventions';
import { sub } from '../core/intrinsics';
import { Names, REGION_MAPPING, regionMapping } from '../core/names';
import { parameterTags } from '../core/tags';
import { TemplateBuilder, type TemplateDocument } from '../core/template';
import { api } from './api';
import { uploadBucket } from './bucket';
import type { RegionalContext } from './context';
import { dataKey } from './encryption';
import { functions } from './functions';
import { monitoring } from './monitoring';
import { type RegionalStackOptions, resolveOptions } from './options';
import { outputs } from './outputs';
import { declareParameters, PARAMETER_IDS } from './params';
import { tables } from './tables';

export const REGIONAL_DESCRIPTION =
  'ServApp regional stack: market-data API (API Gateway + Lambda), CSV ingest from S3 into DynamoDB, alarms';

export function regionalTemplate(options: RegionalStackOptions = {}): TemplateDocument {
  const settings = resolveOptions(options);
  // Every role, including ones added later, is capped by the bootstrap's boundary policy.
  const t = new TemplateBuilder(REGIONAL_DESCRIPTION, parameterTags(PARAMETER_IDS), {
    permissionsBoundary: sub(PERMISSIONS_BOUNDARY_ARN_PATTERN),
  });
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
