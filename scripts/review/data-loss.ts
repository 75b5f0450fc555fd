/**
 * Which removed or replaced resources hold data, and whether their retain policy keeps it.
 * CloudFormation reads `DeletionPolicy` of the last deployed template when it removes a resource,
 * and `UpdateReplacePolicy` of the new template when it replaces one; without `Retain` (or
 * `Snapshot`, where the type supports it) the physical resource and its data are deleted.
 */
import type { DataLoss, Replacement, Retained } from './model';

/** The stateful types and what deleting one destroys. */
const STATEFUL: Readonly<Record<string, string>> = {
  'AWS::DynamoDB::Table': 'every item in the table',
  'AWS::DynamoDB::GlobalTable': 'every item in the table, in every replica region',
  'AWS::S3::Bucket':
    'every object in the bucket (CloudFormation deletes only an empty bucket; a non-empty one fails to delete and is left behind)',
  'AWS::KMS::Key':
    'the key, after its pending window: everything encrypted under it (tables, objects, messages, logs) becomes unreadable',
  'AWS::SQS::Queue': 'the messages waiting in the queue',
  'AWS::Logs::LogGroup': 'the log events in the group',
  'AWS::Kinesis::Stream': 'the records in the stream',
  'AWS::RDS::DBInstance': 'the database',
  'AWS::RDS::DBCluster': 'the database',
  'AWS::EFS::FileSystem': 'every file in the file system',
  'AWS::SecretsManager::Secret': 'the secret value',
  'AWS::ECR::Repository': 'every image in the repository',
  'AWS::Cognito::UserPool': 'every user in the pool',
};

/** What a retained resource of each kind leaves behind. */
const LEFT_BEHIND: Readonly<Record<string, string>> = {
  'AWS::DynamoDB::Table': 'the table',
  'AWS::S3::Bucket': 'the bucket',
  'AWS::KMS::Key': 'the key',
  'AWS::SQS::Queue': 'the queue',
  'AWS::Logs::LogGroup': 'the log group',
};

export function isStateful(type: string): boolean {
  return Object.hasOwn(STATEFUL, type);
}

const RETAINING = new Set(['Retain', 'RetainExceptOnCreate', 'Snapshot']);

export interface DataOutcome {
  dataLoss?: DataLoss;
  retained?: Retained;
}

/**
 * `removal`: policy = the old template's DeletionPolicy; `replacement`: the new template's
 * UpdateReplacePolicy. StackSets deploy one stack per region, so what is lost or left behind is
 * lost or left behind in every region.
 */
export function dataOutcome(
  type: string,
  cause: 'removal' | 'replacement',
  resource: Record<string, unknown> | undefined,
  certainty: Replacement = 'will',
): DataOutcome {
  const what = STATEFUL[type];
  if (!what || certainty === 'none') return {};
  const attribute = cause === 'removal' ? 'DeletionPolicy' : 'UpdateReplacePolicy';
  const policy = typeof resource?.[attribute] === 'string' ? String(resource[attribute]) : 'Delete';
  if (RETAINING.has(policy)) {
    const thing = LEFT_BEHIND[type] ?? 'the physical resource';
    const leftBehind =
      policy === 'Snapshot'
        ? `a snapshot of ${thing} is kept in every region`
        : `${thing} stays in every region of the StackSet, with its data, outside the stack (${attribute}: ${policy}); ` +
          (cause === 'replacement'
            ? 'the new one starts empty: copy or import the data, then delete the old one by hand'
            : 'delete or import it by hand');
    return { retained: { policy: `${attribute}: ${policy}`, leftBehind, cause } };
  }
  return { dataLoss: { what, cause, certainty: certainty === 'may' ? 'may' : 'will' } };
}
