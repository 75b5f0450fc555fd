/** The key of the pipeline's artifact store and CodeBuild logs and build outputs. Rotation is on. */
import { KMS } from 'cloudform-types';
import { KmsKey } from '../core/extensions';
import { sub } from '../core/intrinsics';
import type { Handle } from '../core/template';
import { type PipelineContext, pipelineName } from './context';

export function artifactKey(ctx: PipelineContext): Handle {
  const { t } = ctx;
  const key = t.resource(
    'ArtifactKey',
    new KmsKey({
      Description: sub(`ServApp pipeline artifacts (${pipelineName('pipeline')})`),
      Enabled: true,
      EnableKeyRotation: true,
      RotationPeriodInDays: 365,
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyUsage: 'ENCRYPT_DECRYPT',
      PendingWindowInDays: 30,
      KeyPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            // The account's IAM policies decide who may use the key: the pipeline and build roles' policies.
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
            Action: [
              'kms:Decrypt',
              'kms:DescribeKey',
              'kms:Encrypt',
              'kms:GenerateDataKey',
              'kms:ReEncryptFrom',
              'kms:ReEncryptTo',
            ],
            Resource: '*',
            Condition: {
              ArnLike: {
                'kms:EncryptionContext:aws:logs:arn': sub(
                  'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*',
                ),
              },
            },
          },
        ],
      },
    }),
    { deletionPolicy: 'Delete', updateReplacePolicy: 'Delete' },
  );
  t.resource(
    'ArtifactKeyAlias',
    new KMS.Alias({ AliasName: sub(`alias/${pipelineName('pipeline')}`), TargetKeyId: key.ref() }),
  );
  return key;
}
