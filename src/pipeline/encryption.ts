/** The key of the pipeline's artifact store and CodeBuild logs and build outputs. Rotation is on. */
import { KMS } from 'cloudform-types';
import { sub } from '../core/intrinsics.js';
import { customerManagedKey, KEY_POLICY_NOTE } from '../core/kms.js';
import type { Handle } from '../core/template.js';
import { type PipelineContext, pipelineName } from './context.js';

export function artifactKey(ctx: PipelineContext): Handle<'AWS::KMS::Key'> {
  const { t } = ctx;
  const key = t.resource(
    'ArtifactKey',
    // The artifact store is S3; CodeBuild encrypts its build outputs with the key.
    customerManagedKey(sub(`ServApp pipeline artifacts (${pipelineName('pipeline')})`), ['codebuild', 's3']),
    { deletionPolicy: 'Delete', updateReplacePolicy: 'Delete', metadata: { KeyPolicy: KEY_POLICY_NOTE } },
  );
  t.resource(
    'ArtifactKeyAlias',
    new KMS.Alias({ AliasName: sub(`alias/${pipelineName('pipeline')}`), TargetKeyId: key.ref() }),
  );
  return key;
}
