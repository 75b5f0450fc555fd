/**
 * The upload bucket. Its name is fixed by convention (suffix, account, region) so that the
 * processor's invoke permission and the roles can name it as a string: S3 checks the permission
 * when it stores the notification, and a Ref to the bucket there would close a dependency cycle.
 */
import { Lambda, S3 } from 'cloudform-types';
import { INCOMING_PREFIX } from '../contract';
import { s3Arn } from '../core/iam';
import { sub } from '../core/intrinsics';
import { checkov } from '../core/suppressions';
import type { Handle } from '../core/template';
import { type RegionalContext, retention } from './context';
import { type Functions, UPLOAD_BUCKET_PURPOSE } from './functions';

/** Uploads and reports are deleted this long after they are written. */
export const UPLOAD_EXPIRY_DAYS = 30;
/** S3 server access logs of the upload bucket are kept this long. */
export const ACCESS_LOG_EXPIRY_DAYS = 90;
const ACCESS_LOG_PURPOSE = 'access-logs';
const ACCESS_LOG_PREFIX = 'upload-bucket/';

const BLOCK_PUBLIC_ACCESS = {
  BlockPublicAcls: true,
  BlockPublicPolicy: true,
  IgnorePublicAcls: true,
  RestrictPublicBuckets: true,
};

/** Deny statements every bucket policy here starts with: TLS only, TLS 1.2 or newer. */
function transportStatements(pattern: string): Record<string, unknown>[] {
  const resources = [s3Arn(pattern), s3Arn(pattern, '*')];
  return [
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
  ];
}

/**
 * Where S3 writes the upload bucket's server access logs. S3 cannot deliver access logs to a
 * bucket whose default encryption is SSE-KMS, so this one uses SSE-S3.
 */
function accessLogBucket(ctx: RegionalContext, uploadPattern: string): Handle {
  const { t, names } = ctx;
  const pattern = names.bucketPattern(ACCESS_LOG_PURPOSE);
  const bucket = t.resource(
    'AccessLogBucket',
    new S3.Bucket({
      BucketName: names.bucketName(ACCESS_LOG_PURPOSE),
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: BLOCK_PUBLIC_ACCESS,
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: [
          {
            Id: `delete-after-${ACCESS_LOG_EXPIRY_DAYS}-days`,
            Status: 'Enabled',
            ExpirationInDays: ACCESS_LOG_EXPIRY_DAYS,
            NoncurrentVersionExpirationInDays: 1,
          },
        ],
      },
    }),
    {
      ...retention(ctx),
      suppressions: [
        checkov(
          'CKV_AWS_18',
          'This bucket is the access-log target itself; logging it would log the logging',
        ),
      ],
    },
  );
  t.resource(
    'AccessLogBucketPolicy',
    new S3.BucketPolicy({
      Bucket: bucket.ref(),
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          ...transportStatements(pattern),
          {
            Sid: 'AllowS3ServerAccessLogs',
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
            Resource: s3Arn(pattern, `${ACCESS_LOG_PREFIX}*`),
            Condition: {
              ArnLike: { 'aws:SourceArn': s3Arn(uploadPattern) },
              StringEquals: { 'aws:SourceAccount': sub('${AWS::AccountId}') },
            },
          },
        ],
      },
    }),
  );
  return bucket;
}

export function uploadBucket(ctx: RegionalContext, key: Handle, fns: Functions): Handle {
  const { t, names } = ctx;
  const pattern = names.bucketPattern(UPLOAD_BUCKET_PURPOSE);
  const logs = accessLogBucket(ctx, pattern);
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
      PublicAccessBlockConfiguration: BLOCK_PUBLIC_ACCESS,
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: logs.ref(), LogFilePrefix: ACCESS_LOG_PREFIX },
      LifecycleConfiguration: {
        Rules: [
          {
            Id: `delete-after-${UPLOAD_EXPIRY_DAYS}-days`,
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
      PolicyDocument: { Version: '2012-10-17', Statement: transportStatements(pattern) },
    }),
  );
  return bucket;
}
