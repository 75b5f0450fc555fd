/** The pipeline's artifact store: KMS-encrypted, private, TLS only; artifacts expire after 30 days. */
import { S3 } from 'cloudform-types';
import { s3Arn } from '../core/iam';
import { checkov } from '../core/suppressions';
import type { Handle } from '../core/template';
import type { PipelineContext } from './context';

export const ARTIFACT_STORE_PURPOSE = 'pipeline';
const EXPIRY_DAYS = 30;

export function artifactStore(ctx: PipelineContext, key: Handle): Handle {
  const { t, names } = ctx;
  const pattern = names.bucketPattern(ARTIFACT_STORE_PURPOSE);
  const bucket = t.resource(
    'ArtifactStoreBucket',
    new S3.Bucket({
      BucketName: names.bucketName(ARTIFACT_STORE_PURPOSE),
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: key.getAtt('Arn') },
            BucketKeyEnabled: true,
          },
        ],
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
            Id: `expire-after-${EXPIRY_DAYS}-days`,
            Status: 'Enabled',
            ExpirationInDays: EXPIRY_DAYS,
            NoncurrentVersionExpirationInDays: 1,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      },
    }),
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
  const resources = [s3Arn(pattern), s3Arn(pattern, '*')];
  t.resource(
    'ArtifactStoreBucketPolicy',
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
