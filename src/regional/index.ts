/** The regional stack: one StackSet instance per region. Reads like the architecture. */
import {
  BUILT_FOR_METADATA,
  NAME_PREFIX,
  PERMISSIONS_BOUNDARY_ARN_PATTERN,
  SHARED_PARAMETER_IDS,
  standardTags,
} from '../conventions/index.js';
import { sub } from '../core/intrinsics.js';
import { Names, REGION_MAPPING, regionMapping } from '../core/names.js';
import { TemplateBuilder, type TemplateDocument } from '../core/template.js';
import { api } from './api.js';
import { uploadBucket } from './bucket.js';
import type { RegionalContext } from './context.js';
import { dataKey } from './encryption.js';
import { partsQueues, workerEventSource } from './fanout.js';
import { functions } from './functions.js';
import { monitoring } from './monitoring.js';
import { type RegionalStackOptions, resolveOptions } from './options.js';
import { outputs } from './outputs.js';
import { declareParameters } from './params.js';
import { tables } from './tables.js';

export const REGIONAL_DESCRIPTION =
  'ServApp regional stack: market-data API (API Gateway + Lambda), CSV ingest from S3 into DynamoDB, fanned out over an SQS parts queue for large files, alarms, dashboard';

/**
 * The regional template. `builtFor` names the environment it is built for: recorded in its
 * Metadata, so that the rollout refuses to deploy it as another environment.
 */
export function regionalTemplate(
  options: RegionalStackOptions = {},
  builtFor?: { name: string },
): TemplateDocument {
  const settings = resolveOptions(options);
  // Every role, including ones added later, is capped by the bootstrap's boundary policy.
  const t = new TemplateBuilder(REGIONAL_DESCRIPTION, standardTags(), {
    permissionsBoundary: sub(PERMISSIONS_BOUNDARY_ARN_PATTERN),
  });
  const params = declareParameters(t, settings);
  t.mapping(REGION_MAPPING, regionMapping(settings.regions));
  const names = new Names(NAME_PREFIX, SHARED_PARAMETER_IDS.environmentSuffix);
  const ctx: RegionalContext = { t, names, settings, params };
  if (builtFor)
    t.metadata(BUILT_FOR_METADATA, {
      name: builtFor.name,
      suffix: settings.environmentSuffix,
      regions: [...settings.regions].sort(),
    });

  const key = dataKey(ctx);
  const data = tables(ctx, key);
  const parts = partsQueues(ctx, key);
  const fns = functions(ctx, data, key, parts);
  workerEventSource(ctx, parts, fns.worker.function);
  const bucket = uploadBucket(ctx, key, fns);
  const rest = api(ctx, fns, key);
  monitoring(ctx, key, fns, data, parts);
  outputs(ctx, rest, fns, data, bucket);
  return t.build();
}
