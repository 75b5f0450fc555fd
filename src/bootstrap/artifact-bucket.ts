/**
 * One artifact bucket per region: Lambda functions read their zips from a bucket in their own
 * region, and staged templates sit next to them. Objects are content-addressed, so a rollout
 * re-uploads whatever has expired; versioning keeps overwritten objects for a day.
 */
import { S3 } from 'cloudform-types';
import { s3Arn } from '../core/iam';
import { sub } from '../core/intrinsics';
import { checkov } from '../core/suppressions';
import type { Handle, TemplateBuilder } from '../core/template';
import { ARTIFACT_EXPIRY_DAYS } from './conventions';
import { ARTIFACT_BUCKET_PREFIX } from './params';

/** `${ArtifactBucketPrefix}-${AWS::AccountId}-${AWS::Region}`, as a Sub pattern. */
export const ARTIFACT_BUCKET_PATTERN = `\${${ARTIFACT_BUCKET_PREFIX}}-\${AWS::AccountId}-\${AWS::Region}`;

export function artifactBucket(t: TemplateBuilder): Handle {
  const bucket = t.resource(
    'ArtifactBucket',
    new S3.Bucket({
      BucketName: sub(ARTIFACT_BUCKET_PATTERN),
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: [
          {
            Id: `expire-after-${ARTIFACT_EXPIRY_DAYS}-days`,
            Status: 'Enabled',
            ExpirationInDays: ARTIFACT_EXPIRY_DAYS,
            NoncurrentVersionExpirationInDays: 1,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      },
    }),
    {
      suppressions: [
        checkov(
          'CKV_AWS_18',
          'Only the rollout writes here and Lambda and CloudFormation read; CloudTrail records those calls, and an access-log bucket per region would cost more than it tells',
        ),
      ],
    },
  );
  const resources = [s3Arn(ARTIFACT_BUCKET_PATTERN), s3Arn(ARTIFACT_BUCKET_PATTERN, '*')];
  t.resource(
    'ArtifactBucketPolicy',
    new S3.BucketPolicy({
      Bucket: bucket.ref(),
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: resources,
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
          {
            Sid: 'DenyOutdatedTls',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: resources,
            Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
          },
        ],
      },
    }),
  );
  return bucket;
}
