/** The pipeline's artifact store: KMS-encrypted, private, TLS only; artifacts expire after 30 days. */
import { S3 } from 'cloudform-types';
import { ARTIFACT_STORE_PURPOSE } from '../conventions/index.js';
import { privateBucketProperties, tlsOnlyBucketPolicy } from '../core/s3.js';
import { checkov } from '../core/suppressions.js';
import type { Handle } from '../core/template.js';
import type { PipelineContext } from './context.js';

export { ARTIFACT_STORE_PURPOSE };

const EXPIRY_DAYS = 30;

export function artifactStore(ctx: PipelineContext, key: Handle<'AWS::KMS::Key'>): Handle<'AWS::S3::Bucket'> {
  const { t, names } = ctx;
  const pattern = names.bucketPattern(ARTIFACT_STORE_PURPOSE);
  const bucket = t.resource(
    'ArtifactStoreBucket',
    new S3.Bucket(
      privateBucketProperties({
        name: names.bucketName(ARTIFACT_STORE_PURPOSE),
        encryption: key.getAtt('Arn'),
        expiryDays: EXPIRY_DAYS,
      }),
    ),
    {
      deletionPolicy: 'Delete',
      updateReplacePolicy: 'Delete',
      suppressions: [
        checkov(
          'CKV_AWS_18',
          'Only the pipeline and its builds read and write here, through roles whose calls CloudTrail records; the artifacts are transient',
        ),
      ],
    },
  );
  t.resource('ArtifactStoreBucketPolicy', tlsOnlyBucketPolicy(bucket, pattern));
  return bucket;
}
