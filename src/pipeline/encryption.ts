/** The key of the pipeline's artifact store and CodeBuild logs and build outputs. Rotation is on. */
import { KMS } from 'cloudform-types';
import { sub } from '../core/intrinsics';
import { customerManagedKey } from '../core/kms';
import type { Handle } from '../core/template';
import { type PipelineContext, pipelineName } from './context';

export function artifactKey(ctx: PipelineContext): Handle<'AWS::KMS::Key'> {
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
