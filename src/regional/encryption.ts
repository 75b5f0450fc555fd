/**
 * The stack's customer-managed KMS key: it encrypts the tables, the upload bucket, the queues,
 * the alarm topic and the log groups. Rotation is on.
 */
import { KMS } from 'cloudform-types';
import { KmsKey } from '../core/extensions';
import { sub } from '../core/intrinsics';
import type { Handle } from '../core/template';
import { type RegionalContext, retention } from './context';

const KEY_ROTATION_DAYS = 365;

/** Actions CloudWatch Logs needs to encrypt a log group with the key. */
const LOGS_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];

export function dataKey(ctx: RegionalContext): Handle {
  const { t, names } = ctx;
  const key = t.resource(
    'DataKey',
    new KmsKey({
      Description: sub(`ServApp data key (${names.namePattern('data')})`, names.subVariables()),
      Enabled: true,
      EnableKeyRotation: true,
      RotationPeriodInDays: KEY_ROTATION_DAYS,
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
      PendingWindowInDays: 30,
      KeyPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            // The account's IAM policies decide who may use the key; without this statement
            // the per-function role policies below could not grant kms:Decrypt.
            Sid: 'EnableIamPolicies',
            Effect: 'Allow',
            Principal: { AWS: sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root') },
            Action: 'kms:*',
            Resource: '*',
          },
          {
            Sid: 'AllowCloudWatchLogs',
            Effect: 'Allow',
            Principal: { Service: sub('logs.${AWS::Region}.amazonaws.com') },
            Action: LOGS_ACTIONS,
            Resource: '*',
            Condition: {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn': sub(
                  'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*',
                ),
              },
            },
          },
          {
            Sid: 'AllowCloudWatchAlarmsToPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: '*',
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
        ],
      },
    }),
    retention(ctx),
  );
  t.resource(
    'DataKeyAlias',
    new KMS.Alias({
      AliasName: sub(`alias/${names.namePattern('data')}`, names.subVariables()),
      TargetKeyId: key.ref(),
    }),
  );
  return key;
}
