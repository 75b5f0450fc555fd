/**
 * One artifact bucket per region: Lambda functions read their zips from a bucket in their own
 * region, and staged templates sit next to them. Objects are content-addressed, so a rollout
 * re-uploads whatever has expired; versioning keeps overwritten objects for a day.
 */
import { S3 } from 'cloudform-types';
import {
  ARTIFACT_BUCKET_PATTERN,
  ARTIFACT_EXPIRY_DAYS,
  ARTIFACT_STORE_PURPOSE,
  NAME_PREFIX,
} from '../conventions/index.js';
import { sub } from '../core/intrinsics.js';
import { privateBucketProperties, tlsOnlyBucketPolicy } from '../core/s3.js';
import { checkov } from '../core/suppressions.js';
import type { Handle, TemplateBuilder } from '../core/template.js';
import { ARTIFACT_BUCKET_PREFIX } from './params.js';

/**
 * Every bucket whose objects a later rollout deploys, in any region of the account, with their
 * objects: this stack's artifact buckets and every environment's pipeline artifact store
 * (`servapp-<suffix>-pipeline-<account>-<region>`). Both match
 * `servapp-*`, so the boundary and the execution role deny them explicitly.
 */
export const ARTIFACT_BUCKET_ARNS = [
  `\${${ARTIFACT_BUCKET_PREFIX}}-\${AWS::AccountId}-*`,
  `${NAME_PREFIX}-*-${ARTIFACT_STORE_PURPOSE}-\${AWS::AccountId}-*`,
].flatMap((bucket) => [
  sub(`arn:\${AWS::Partition}:s3:::${bucket}`),
  sub(`arn:\${AWS::Partition}:s3:::${bucket}/*`),
]);

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
