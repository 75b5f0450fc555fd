/**
 * The stack's customer-managed KMS key: it encrypts the tables, the upload bucket, the queues,
 * the alarm topic and the log groups. Rotation is on.
 */
import { KMS } from 'cloudform-types';
import { sub } from '../core/intrinsics.js';
import { customerManagedKey } from '../core/kms.js';
import type { Handle } from '../core/template.js';
import { type RegionalContext, retention } from './context.js';

export function dataKey(ctx: RegionalContext): Handle {
  const { t, names } = ctx;
  const key = t.resource(
    'DataKey',
    customerManagedKey(sub(`ServApp data key (${names.namePattern('data')})`, names.subVariables()), [
      {
        Sid: 'AllowCloudWatchAlarmsToPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      },
    ]),
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
