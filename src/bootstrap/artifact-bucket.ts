/**
 * One artifact bucket per region: Lambda functions read their zips from a bucket in their own
 * region, and staged templates sit next to them. Objects are content-addressed, so a rollout
 * re-uploads whatever has expired; versioning keeps overwritten objects for a day.
 */
import { S3 } from 'cloudform-types';
import { ARTIFACT_BUCKET_PATTERN, ARTIFACT_EXPIRY_DAYS } from '../conventions/index.js';
import { sub } from '../core/intrinsics.js';
import { privateBucketProperties, tlsOnlyBucketPolicy } from '../core/s3.js';
import { checkov } from '../core/suppressions.js';
import type { Handle, TemplateBuilder } from '../core/template.js';

export function artifactBucket(t: TemplateBuilder): Handle<'AWS::S3::Bucket'> {
  const bucket = t.resource(
    'ArtifactBucket',
    new S3.Bucket(
      privateBucketProperties({
        name: sub(ARTIFACT_BUCKET_PATTERN),
        encryption: 'AES256',
        expiryDays: ARTIFACT_EXPIRY_DAYS,
      }),
    ),
    {
      suppressions: [
        checkov(
          'CKV_AWS_18',
          'Only the rollout writes here and Lambda and CloudFormation read; CloudTrail records those calls, and an access-log bucket per region would cost more than it tells',
        ),
      ],
    },
  );
  t.resource('ArtifactBucketPolicy', tlsOnlyBucketPolicy(bucket, ARTIFACT_BUCKET_PATTERN));
  return bucket;
}
