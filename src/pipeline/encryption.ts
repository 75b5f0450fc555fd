/** The key of the pipeline's artifact store and CodeBuild logs and build outputs. Rotation is on. */
import { KMS } from 'cloudform-types';
import { sub } from '../core/intrinsics.js';
import { customerManagedKey } from '../core/kms.js';
import type { Handle } from '../core/template.js';
import { type PipelineContext, pipelineName } from './context.js';

export function artifactKey(ctx: PipelineContext): Handle {
  const { t } = ctx;
  const key = t.resource(
    'ArtifactKey',
    customerManagedKey(sub(`ServApp pipeline artifacts (${pipelineName('pipeline')})`)),
    { deletionPolicy: 'Delete', updateReplacePolicy: 'Delete' },
  );
  t.resource(
    'ArtifactKeyAlias',
    new KMS.Alias({ AliasName: sub(`alias/${pipelineName('pipeline')}`), TargetKeyId: key.ref() }),
  );
  return key;
}
