/**
 * The upload bucket. Its name is fixed by convention (suffix, account, region) so that the
 * processor's invoke permission and the roles can name it as a string: S3 checks the permission
 * when it stores the notification, and a Ref to the bucket there would close a dependency cycle.
 */
import { Lambda, S3 } from 'cloudform-types';
import { INCOMING_PREFIX } from '../contract/index.js';
import { functionIds, REGIONAL_IDS } from '../conventions/index.js';
import { s3Arn } from '../core/iam.js';
import { sub } from '../core/intrinsics.js';
import { privateBucketProperties, tlsOnlyBucketPolicy } from '../core/s3.js';
import { checkov } from '../core/suppressions.js';
import type { Handle } from '../core/template.js';
import { type RegionalContext, retention } from './context.js';
import { type Functions, UPLOAD_BUCKET_PURPOSE } from './functions.js';

/** Uploads and reports are deleted this long after they are written. */
export const UPLOAD_EXPIRY_DAYS = 30;
/** S3 server access logs of the upload bucket are kept this long. */
export const ACCESS_LOG_EXPIRY_DAYS = 90;
const ACCESS_LOG_PURPOSE = 'access-logs';
const ACCESS_LOG_PREFIX = 'upload-bucket/';

/**
 * Where S3 writes the upload bucket's server access logs. S3 cannot deliver access logs to a
 * bucket whose default encryption is SSE-KMS, so this one uses SSE-S3.
 */
function accessLogBucket(ctx: RegionalContext, uploadPattern: string): Handle<'AWS::S3::Bucket'> {
  const { t, names } = ctx;
  const pattern = names.bucketPattern(ACCESS_LOG_PURPOSE);
  const bucket = t.resource(
    REGIONAL_IDS.accessLogBucket,
    new S3.Bucket(
      privateBucketProperties({
        name: names.bucketName(ACCESS_LOG_PURPOSE),
        encryption: 'AES256',
        expiryDays: ACCESS_LOG_EXPIRY_DAYS,
      }),
    ),
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
    REGIONAL_IDS.accessLogBucketPolicy,
    tlsOnlyBucketPolicy(bucket, pattern, [
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
    ]),
  );
  return bucket;
}

export function uploadBucket(
  ctx: RegionalContext,
  key: Handle<'AWS::KMS::Key'>,
  fns: Functions,
): Handle<'AWS::S3::Bucket'> {
  const { t, names } = ctx;
  const pattern = names.bucketPattern(UPLOAD_BUCKET_PURPOSE);
  const logs = accessLogBucket(ctx, pattern);
  const permission = t.resource(
    functionIds('processor').s3InvokePermission,
    new Lambda.Permission({
      Action: 'lambda:InvokeFunction',
      FunctionName: fns.processor.function.getAtt('Arn'),
      Principal: 's3.amazonaws.com',
      SourceArn: s3Arn(pattern),
      SourceAccount: sub('${AWS::AccountId}'),
    }),
  );
  const bucket = t.resource(
    REGIONAL_IDS.uploadBucket,
    new S3.Bucket({
      ...privateBucketProperties({
        name: names.bucketName(UPLOAD_BUCKET_PURPOSE),
        encryption: key.getAtt('Arn'),
        expiryDays: UPLOAD_EXPIRY_DAYS,
      }),
      LoggingConfiguration: { DestinationBucketName: logs.ref(), LogFilePrefix: ACCESS_LOG_PREFIX },
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
  t.resource(REGIONAL_IDS.uploadBucketPolicy, tlsOnlyBucketPolicy(bucket, pattern));
  return bucket;
}
