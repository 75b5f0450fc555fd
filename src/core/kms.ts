/**
 * Customer-managed KMS keys: rotation on, no `kms:*`. The policy is split into administration
 * (the account, so IAM decides which admin principal) and use (principals of the account, only
 * through the services the key encrypts for), plus CloudWatch Logs for the log groups.
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

/**
 * Key administration, listed one by one (no `kms:*`). Granted to the account, so the account's IAM
 * policies decide who administers (CDK's trustAccountIdentities): today the StackSet execution
 * role or the pipeline's deploy path. PutKeyPolicy stays with the account so the key can never be
 * locked out of its own management.
 */
export const KEY_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

/** Cryptographic use: only ever through one of the services the key encrypts for. */
export const KEY_USE_ACTIONS = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];

/** Why each statement of the key policy is there: recorded on the key resource's Metadata. */
export const KEY_POLICY_NOTE = {
  KeyAdministration:
    'The account (hence only IAM principals its policies allow: the deploy roles) may administer the key, action by action; keeping PutKeyPolicy with the account means the key can never become unmanageable',
  KeyUseThroughServices:
    'Principals of this account may encrypt and decrypt only through the services that store data under this key (kms:ViaService), never by calling KMS directly; their IAM policies and boundary still have to allow it',
  GrantsForServices:
    "The services that encrypt resources with this key (DynamoDB, Lambda, SQS ...) create grants for them on the caller's behalf; kms:GrantIsForAWSResource keeps grants to AWS resources",
  AllowCloudWatchLogs: "CloudWatch Logs encrypts this account's log groups with the key",
};

const ACCOUNT_ROOT = () => sub('arn:${AWS::Partition}:iam::${AWS::AccountId}:root');

/**
 * `viaServices` are service name prefixes (`dynamodb`, `s3` ...) through which principals of the
 * account may use the key, in the stack's region.
 */
export function customerManagedKey(
  description: string | IntrinsicFunction,
  viaServices: readonly string[],
  statements: Record<string, unknown>[] = [],
): KmsKey {
  if (viaServices.length === 0) throw new Error('a key needs at least one service to be used through');
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
          Sid: 'KeyAdministration',
          Effect: 'Allow',
          Principal: { AWS: ACCOUNT_ROOT() },
          Action: KEY_ADMIN_ACTIONS,
          Resource: '*',
        },
        {
          Sid: 'KeyUseThroughServices',
          Effect: 'Allow',
          Principal: { AWS: ACCOUNT_ROOT() },
          Action: KEY_USE_ACTIONS,
          Resource: '*',
          Condition: {
            StringEquals: {
              'kms:CallerAccount': { Ref: 'AWS::AccountId' },
              'kms:ViaService': [...viaServices].sort().map((s) => sub(`${s}.\${AWS::Region}.amazonaws.com`)),
            },
          },
        },
        {
          Sid: 'GrantsForServices',
          Effect: 'Allow',
          Principal: { AWS: ACCOUNT_ROOT() },
          Action: ['kms:CreateGrant'],
          Resource: '*',
          Condition: {
            Bool: { 'kms:GrantIsForAWSResource': 'true' },
            StringEquals: { 'kms:CallerAccount': { Ref: 'AWS::AccountId' } },
          },
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
