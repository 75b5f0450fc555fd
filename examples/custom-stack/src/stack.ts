/**
 * A consumer of the `servapp` package: a queue feeding a function through an event source mapping,
 * wired by Ref and GetAtt, tagged with ServApp's six tags, with a least-privilege role; and a
 * ServApp regional stack with non-default options. Writes both templates to the folder given.
 *
 *   node dist/stack.js out   →   out/custom-stack.json, out/regional-variant.json,
 *                                out/<env>/regional.json for each environment of ./environments.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Fn, IAM, Lambda, Logs, SQS } from 'cloudform-types';
import { regionalTemplate } from 'servapp';
import { environmentTemplate } from 'servapp/config';
import type { StandardTags } from 'servapp/conventions';
import {
  allow,
  allowUnscoped,
  type Handle,
  LambdaFunction,
  policyDocument,
  serviceTrust,
  sub,
  TemplateBuilder,
  toPrettyJson,
} from 'servapp/core';
import environments from './environments.js';

const TAGS: StandardTags = {
  Project: 'ServApp',
  ENVIRONMENT_SUFFIX: 'demo',
  REGION: Fn.Ref('AWS::Region'),
  Environment: 'development',
  Team: 'market-data',
  CostCenter: 'CC-0042',
};

function customStack() {
  // Every role of the stack carries the permissions boundary the ServApp bootstrap stack creates.
  const t = new TemplateBuilder('Custom stack: a queue drained by a function', TAGS, {
    permissionsBoundary: sub(
      'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/servapp-permissions-boundary',
    ),
  });
  // Queued work is disposable here: say so, rather than leave the default implicit.
  const disposable = { deletionPolicy: 'Delete', updateReplacePolicy: 'Delete' } as const;
  const deadLetters = t.resource(
    'DeadLetters',
    new SQS.Queue({ MessageRetentionPeriod: 1209600, SqsManagedSseEnabled: true }),
    disposable,
  );
  const queue: Handle<'AWS::SQS::Queue'> = t.resource(
    'Work',
    new SQS.Queue({
      VisibilityTimeout: 180,
      MessageRetentionPeriod: 345600,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: deadLetters.getAtt('Arn'), maxReceiveCount: 3 },
    }),
    disposable,
  );
  const logGroup = t.resource(
    'WorkerLogs',
    new Logs.LogGroup({ LogGroupName: sub('/aws/lambda/${AWS::StackName}-worker'), RetentionInDays: 7 }),
    disposable,
  );
  const role = t.resource(
    'WorkerRole',
    new IAM.Role({
      AssumeRolePolicyDocument: serviceTrust('lambda.amazonaws.com'),
      Policies: [
        {
          PolicyName: 'least-privilege',
          PolicyDocument: policyDocument([
            allow(
              'ConsumeWork',
              ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
              [queue.getAtt('Arn')],
            ),
            allow('KeepFailedEvents', ['sqs:SendMessage'], [deadLetters.getAtt('Arn')]),
            allow('WriteLogs', ['logs:CreateLogStream', 'logs:PutLogEvents'], [logGroup.getAtt('Arn')]),
            allowUnscoped('Trace', ['xray:PutTraceSegments'], 'X-Ray has no resource-level permissions'),
          ]),
        },
      ],
    }),
  );
  const worker = t.resource(
    'Worker',
    new LambdaFunction({
      FunctionName: sub('${AWS::StackName}-worker'),
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Code: { ZipFile: 'export const handler = async () => ({ batchItemFailures: [] });' },
      Role: role.getAtt('Arn'),
      Timeout: 30,
      TracingConfig: { Mode: 'Active' },
      DeadLetterConfig: { TargetArn: deadLetters.getAtt('Arn') },
      LoggingConfig: { LogFormat: 'JSON', LogGroup: logGroup.ref() },
    }),
  );
  t.resource(
    'WorkFeed',
    new Lambda.EventSourceMapping({
      EventSourceArn: queue.getAtt('Arn'),
      FunctionName: worker.ref(),
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    }),
  );
  t.resource(
    'WorkPolicy',
    new SQS.QueuePolicy({
      Queues: [queue.getAtt('QueueUrl')],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'TlsOnly',
            Effect: 'Deny',
            Principal: '*',
            Action: 'sqs:*',
            Resource: queue.getAtt('Arn'),
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      },
    }),
  );
  t.output('WorkQueueUrl', { description: 'where producers send work', value: queue.getAtt('QueueUrl') });
  t.output('WorkerArn', { description: 'the worker function', value: worker.getAtt('Arn') });
  return t.build();
}

const outDir = process.argv[2] ?? 'out';
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'custom-stack.json'), toPrettyJson(customStack()));
writeFileSync(
  join(outDir, 'regional-variant.json'),
  toPrettyJson(
    regionalTemplate({
      environmentSuffix: 'demo',
      billingMode: 'PROVISIONED',
      deletionProtection: true,
      apiAuth: 'API_KEY',
      regions: ['us-east-1', 'us-west-2'],
    }),
  ),
);
// The team's own environments, from its own configuration file.
for (const name of Object.keys(environments.environments)) {
  mkdirSync(join(outDir, name), { recursive: true });
  writeFileSync(join(outDir, name, 'regional.json'), toPrettyJson(environmentTemplate(environments, name)));
}
console.log(
  `wrote ${outDir}/custom-stack.json, ${outDir}/regional-variant.json and ${Object.keys(environments.environments).join(', ')}`,
);
