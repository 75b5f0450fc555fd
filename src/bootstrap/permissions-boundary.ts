/**
 * The permissions boundary of every role the regional stack creates: the most any of them may
 * ever do, whatever inline or managed policy the deploy path puts on it. It names the services the
 * regional stack's functions and its API Gateway logging role use, on `servapp-*` resources of
 * this account only. No IAM, no STS, no KMS administration: a role inside the boundary cannot
 * reach beyond ServApp's data even if a hostile template grants it more.
 */
import { IAM } from 'cloudform-types';
import { PERMISSIONS_BOUNDARY_POLICY_NAME } from '../conventions/index.js';
import { allow, allowUnscoped, policyDocument, type Statement } from '../core/iam.js';
import { sub } from '../core/intrinsics.js';
import type { Handle, TemplateBuilder } from '../core/template.js';

const P = 'arn:${AWS::Partition}';
/** Any region: the policy is global and the StackSet deploys to several regions. */
const arn = (service: string, resource: string) => sub(`${P}:${service}:*:\${AWS::AccountId}:${resource}`);
const NAME = 'servapp-*';

export function boundaryStatements(): Statement[] {
  return [
    allow(
      'FunctionLogs',
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      [arn('logs', `log-group:/aws/lambda/${NAME}:*`)],
    ),
    // What AmazonAPIGatewayPushToCloudWatchLogs grants API Gateway's account-wide logging role;
    // the execution log groups are named by API Gateway after the API id, not by ServApp.
    allow(
      'ApiGatewayLogs',
      [
        'logs:CreateLogGroup',
        'logs:CreateLogStream',
        'logs:DescribeLogStreams',
        'logs:FilterLogEvents',
        'logs:GetLogEvents',
        'logs:PutLogEvents',
      ],
      [
        arn('logs', 'log-group:API-Gateway-Execution-Logs_*'),
        arn('logs', `log-group:/aws/apigateway/${NAME}`),
      ],
    ),
    allowUnscoped(
      'DescribeLogGroups',
      ['logs:DescribeLogGroups'],
      'logs:DescribeLogGroups supports no resource-level permissions',
    ),
    allowUnscoped(
      'Traces',
      ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
      'X-Ray trace segments have no resource ARN to scope to',
    ),
    allow(
      'Tables',
      [
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ],
      [arn('dynamodb', `table/${NAME}`), arn('dynamodb', `table/${NAME}/index/*`)],
    ),
    allow(
      'Objects',
      ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:GetObject', 's3:PutObject'],
      [sub(`${P}:s3:::${NAME}/*`)],
    ),
    allow('Buckets', ['s3:ListBucket'], [sub(`${P}:s3:::${NAME}`)]),
    // The dead-letter and failed-invocation queues, and the fan-out queues the worker consumes.
    allow(
      'Queues',
      [
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ReceiveMessage',
        'sqs:SendMessage',
      ],
      [arn('sqs', NAME)],
    ),
    allow('Topics', ['sns:Publish'], [arn('sns', NAME)]),
    // Use only, never administration; the key policies decide which key (see src/core/kms.ts).
    allow(
      'UseKeys',
      ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey'],
      [arn('kms', 'key/*')],
    ),
  ];
}

export function permissionsBoundary(
  t: TemplateBuilder,
  condition: string,
): Handle<'AWS::IAM::ManagedPolicy'> {
  return t.resource(
    'PermissionsBoundary',
    new IAM.ManagedPolicy({
      ManagedPolicyName: PERMISSIONS_BOUNDARY_POLICY_NAME,
      Description:
        'Permissions boundary of every ServApp regional role: the services and servapp-* resources the regional stack uses, nothing else',
      PolicyDocument: policyDocument(boundaryStatements()),
    }),
    { condition },
  );
}
