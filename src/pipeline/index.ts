/**
 * The pipeline stack, in one region. A push to the branch builds and tests the repository once,
 * then rolls each environment's regional StackSet out in turn with the same script a laptop runs
 * and the same built artifacts (dev, a manual approval, then prod; or a single environment).
 */
import { NAME_PREFIX, SHARED_PARAMETER_IDS, standardTags } from '../conventions/index.js';
import { Names } from '../core/names.js';
import { TemplateBuilder, type TemplateDocument } from '../core/template.js';
import { artifactStore } from './artifact-store.js';
import { sourceConnection } from './connection.js';
import type { PipelineContext } from './context.js';
import { artifactKey } from './encryption.js';
import { checkPipelineSettings, PIPELINE_DEFAULTS, type PipelineSettings } from './options.js';
import { declarePipelineParameters } from './params.js';
import { pipeline } from './pipeline.js';
import { projects } from './projects.js';

export const PIPELINE_DESCRIPTION =
  'ServApp pipeline: source from a CodeStar connection, build and test on CodeBuild, then the StackSet rollout of each environment in turn';

export function pipelineTemplate(settings: PipelineSettings = PIPELINE_DEFAULTS): TemplateDocument {
  checkPipelineSettings(settings);
  const t = new TemplateBuilder(PIPELINE_DESCRIPTION, standardTags());
  const params = declarePipelineParameters(t, settings);
  const names = new Names(NAME_PREFIX, SHARED_PARAMETER_IDS.environmentSuffix);
  const ctx: PipelineContext = { t, names, params, settings };
  const key = artifactKey(ctx);
  const store = artifactStore(ctx, key);
  const connectionArn = sourceConnection(ctx);
  const builds = projects(ctx, key);
  const handle = pipeline(ctx, key, store, connectionArn, builds);
  t.output('PipelineName', { description: 'Start or follow it with npm run pipeline', value: handle.ref() });
  t.output('SourceConnectionArn', {
    description: 'The source connection (complete a new one once in the console)',
    value: connectionArn,
  });
  return t.build();
}
