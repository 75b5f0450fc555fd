/**
 * The pipeline stack: one per environment, in one region. A push to the branch builds and tests
 * the repository, then rolls the regional StackSet out with the same script a laptop runs.
 */
import { Names } from '../core/names.js';
import { parameterTags } from '../core/tags.js';
import { TemplateBuilder, type TemplateDocument } from '../core/template.js';
import { artifactStore } from './artifact-store.js';
import { sourceConnection } from './connection.js';
import type { PipelineContext } from './context.js';
import { artifactKey } from './encryption.js';
import { declarePipelineParameters, PIPELINE_PARAMETER_IDS } from './params.js';
import { pipeline } from './pipeline.js';
import { projects } from './projects.js';

export const PIPELINE_DESCRIPTION =
  'ServApp pipeline: source from a CodeStar connection, build and test on CodeBuild, StackSet rollout to every region';

export function pipelineTemplate(): TemplateDocument {
  const t = new TemplateBuilder(PIPELINE_DESCRIPTION, parameterTags(PIPELINE_PARAMETER_IDS));
  const params = declarePipelineParameters(t);
  const ctx: PipelineContext = { t, names: new Names(PIPELINE_PARAMETER_IDS.environmentSuffix), params };
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
