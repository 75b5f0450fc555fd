/**
 * The stack's customer-managed KMS key: it encrypts the tables, the upload bucket, the queues,
 * the alarm topic and the log groups. Rotation is on.
 */
import { KMS } from 'cloudform-types';
import { REGIONAL_IDS } from '../conventions/index.js';
import { sub } from '../core/intrinsics.js';
import { customerManagedKey, KEY_POLICY_NOTE } from '../core/kms.js';
import type { Handle } from '../core/template.js';
import { type RegionalContext, retention } from './context.js';

/** The tables, the upload bucket, the queues and the functions' environment variables. */
const KEY_USED_THROUGH = ['dynamodb', 'lambda', 's3', 'sqs'];

export function dataKey(ctx: RegionalContext): Handle<'AWS::KMS::Key'> {
  const { t, names } = ctx;
  const key = t.resource(
    REGIONAL_IDS.dataKey,
    customerManagedKey(
      sub(`ServApp data key (${names.namePattern('data')})`, names.subVariables()),
      KEY_USED_THROUGH,
      [
        {
          Sid: 'AllowCloudWatchAlarmsToPublish',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        },
      ],
    ),
    {
      ...retention(ctx),
      metadata: {
        KeyPolicy: {
          ...KEY_POLICY_NOTE,
          AllowCloudWatchAlarmsToPublish:
            'CloudWatch publishes alarm notifications to the encrypted alarm topic',
        },
      },
    },
  );
  t.resource(
    REGIONAL_IDS.dataKeyAlias,
    new KMS.Alias({
      AliasName: sub(`alias/${names.namePattern('data')}`, names.subVariables()),
      TargetKeyId: key.ref(),
    }),
  );
  return key;
}
