/**
 * Customer-managed KMS keys: rotation on, the account's IAM policies in charge of who may use
 * them, and CloudWatch Logs allowed to encrypt this account's log groups with them.
 */
import type { IntrinsicFunction } from 'cloudform-types';
import { KmsKey } from './extensions.js';
import { sub } from './intrinsics.js';

export const KEY_ROTATION_DAYS = 365;

/** Actions CloudWatch Logs needs to encrypt a log group with a key. */
const LOGS_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];

export function customerManagedKey(
  description: string | IntrinsicFunction,
  statements: Record<string, unknown>[] = [],
): KmsKey {
  return new KmsKey({
    Description: description,
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
          // The account's IAM policies decide who may use the key; without this statement the
          // role policies that grant kms:Decrypt would have no effect.
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
        ...statements,
      ],
    },
  });
}
