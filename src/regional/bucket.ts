/**
 * The upload bucket. Its name is fixed by convention (suffix, account, region) so that the
 * processor's invoke permission and the roles can name it as a string: S3 checks the permission
 * when it stores the notification, and a Ref to the bucket there would close a dependency cycle.
 */
import { Lambda, S3 } from 'cloudform-types';
import { INCOMING_PREFIX } from '../contract';
import { s3Arn } from '../core/iam';
import { sub } from '../core/intrinsics';
import type { Handle } from '../core/template';
import { type RegionalContext, retention } from './context';
import { type Functions, UPLOAD_BUCKET_PURPOSE } from './functions';

/** Uploads and reports are deleted this long after they are written. */
export const UPLOAD_EXPIRY_DAYS = 30;

export function uploadBucket(ctx: RegionalContext, key: Handle, fns: Functions): Handle {
  const { t, names } = ctx;
  const pattern = names.bucketPattern(UPLOAD_BUCKET_PURPOSE);
  const permission = t.resource(
    'ProcessorS3InvokePermission',
    new Lambda.Permission({
      Action: 'lambda:InvokeFunction',
      FunctionName: fns.processor.function.getAtt('Arn'),
      Principal: 's3.amazonaws.com',
      SourceArn: s3Arn(pattern),
      SourceAccount: sub('${AWS::AccountId}'),
    }),
  );
  const bucket = t.resource(
    'UploadBucket',
    new S3.Bucket({
      BucketName: names.bucketName(UPLOAD_BUCKET_PURPOSE),
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
            Id: 'delete-after-30-days',
            Status: 'Enabled',
            ExpirationInDays: UPLOAD_EXPIRY_DAYS,
            NoncurrentVersionExpirationInDays: 1,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      },
      NotificationConfiguration: {
        LambdaConfigurations: [
          {
            Event: 's3:ObjectCreated:*',
            Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: INCOMING_PREFIX }] } },
            Function: fns.processor.function.getAtt('Arn'),
          },
        ],
      },
    }),
    { ...retention(ctx), dependsOn: [permission] },
  );
  t.resource(
    'UploadBucketPolicy',
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
            Resource: [s3Arn(pattern), s3Arn(pattern, '*')],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
          {
            Sid: 'DenyOutdatedTls',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [s3Arn(pattern), s3Arn(pattern, '*')],
            Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
          },
        ],
      },
    }),
  );
  return bucket;
}
