/**
 * What the StackSet execution role may do: exactly what CloudFormation needs to create, update
 * and delete the regional stack, on resources named `servapp-*` (the regional stack names every
 * resource that way) in this account. Not AdministratorAccess: the role is assumable by the
 * administration role only, but a template bug or a hostile template change should still not
 * reach beyond ServApp's own resources.
 *
 * IAM is where a deploy role escalates, so every role it writes must carry ServApp's permissions
 * boundary (see permissions-boundary.ts), it may never remove or change a boundary or edit the
 * boundary policy, and it may not write to itself or the administration role at all.
 */

import {
  PERMISSIONS_BOUNDARY_ARN_PATTERN,
  REGIONAL_ROLE_NAME_PATTERN,
  STACKSET_ADMINISTRATION_ROLE_NAME,
  STACKSET_EXECUTION_ROLE_NAME,
} from '../conventions/index.js';
import { allow, allowUnscoped, deny, type Statement } from '../core/iam.js';
import { sub } from '../core/intrinsics.js';
import { ARTIFACT_BUCKET_PREFIX } from './params.js';

const P = 'arn:${AWS::Partition}';
/** Any region: the role is global and the StackSet deploys to several regions. */
const arn = (service: string, resource: string) => sub(`${P}:${service}:*:\${AWS::AccountId}:${resource}`);
const NAME = 'servapp-*';
const FEEDS_SERVAPP_FUNCTION = { ArnLike: { 'lambda:FunctionArn': arn('lambda', `function:${NAME}`) } };
const BOUNDARY = sub(PERMISSIONS_BOUNDARY_ARN_PATTERN);
const REGIONAL_ROLES = sub(`${P}:iam::\${AWS::AccountId}:role/${REGIONAL_ROLE_NAME_PATTERN}`);
const ANY_ROLE = sub(`${P}:iam::\${AWS::AccountId}:role/*`);

/** Every IAM action that changes a role or hands it to a service. */
const ROLE_WRITES = [
  'iam:AttachRolePolicy',
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PassRole',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
];

export function executionStatements(): Statement[] {
  return [
    allow(
      'StackSetInstanceStacks',
      [
        'cloudformation:CreateStack',
        'cloudformation:DeleteStack',
        'cloudformation:DescribeStackEvents',
        'cloudformation:DescribeStacks',
        'cloudformation:GetTemplate',
        'cloudformation:TagResource',
        'cloudformation:UntagResource',
        'cloudformation:UpdateStack',
      ],
      [arn('cloudformation', `stack/StackSet-${NAME}/*`)],
    ),
    // IAM offers the iam:PermissionsBoundary condition on these: the role written to must carry
    // ServApp's boundary, so nothing the deploy path writes can grant more than the boundary.
    allow(
      'WriteBoundedRoles',
      ['iam:CreateRole', 'iam:DeleteRolePolicy', 'iam:PutRolePermissionsBoundary', 'iam:PutRolePolicy'],
      [REGIONAL_ROLES],
      { StringEquals: { 'iam:PermissionsBoundary': BOUNDARY } },
    ),
    // The only managed policy the regional stack attaches: API Gateway's logging role.
    allow(
      'AttachApiGatewayLoggingPolicy',
      ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'],
      [REGIONAL_ROLES],
      {
        StringEquals: { 'iam:PermissionsBoundary': BOUNDARY },
        ArnEquals: {
          'iam:PolicyARN': sub(`${P}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs`),
        },
      },
    ),
    allow(
      'MaintainRegionalRoles',
      [
        'iam:DeleteRole',
        'iam:GetRole',
        'iam:GetRolePolicy',
        'iam:ListAttachedRolePolicies',
        'iam:ListRolePolicies',
        'iam:TagRole',
        'iam:UntagRole',
        'iam:UpdateRole',
        'iam:UpdateRoleDescription',
      ],
      [REGIONAL_ROLES],
    ),
    // No boundary condition exists for these two, so they are scoped to the regional roles' names.
    allow('UpdateRegionalRoleTrust', ['iam:UpdateAssumeRolePolicy'], [REGIONAL_ROLES]),
    allow('PassRegionalRoles', ['iam:PassRole'], [REGIONAL_ROLES], {
      StringEquals: { 'iam:PassedToService': ['apigateway.amazonaws.com', 'lambda.amazonaws.com'] },
    }),
    deny(
      'NoRoleWithoutBoundary',
      [
        'iam:AttachRolePolicy',
        'iam:CreateRole',
        'iam:DeleteRolePolicy',
        'iam:DetachRolePolicy',
        'iam:PutRolePermissionsBoundary',
        'iam:PutRolePolicy',
      ],
      [ANY_ROLE],
      { StringNotEquals: { 'iam:PermissionsBoundary': BOUNDARY } },
    ),
    deny('NeverRemoveBoundary', ['iam:DeleteRolePermissionsBoundary'], [ANY_ROLE]),
    deny('NeverTouchDeployRoles', ROLE_WRITES, [
      sub(`${P}:iam::\${AWS::AccountId}:role/${STACKSET_EXECUTION_ROLE_NAME}`),
      sub(`${P}:iam::\${AWS::AccountId}:role/${STACKSET_ADMINISTRATION_ROLE_NAME}`),
    ]),
    deny(
      'NeverEditBoundary',
      [
        'iam:CreatePolicyVersion',
        'iam:DeletePolicy',
        'iam:DeletePolicyVersion',
        'iam:SetDefaultPolicyVersion',
        'iam:TagPolicy',
        'iam:UntagPolicy',
      ],
      [BOUNDARY],
    ),
    // Provisioned billing mode registers DynamoDB with Application Auto Scaling, which needs its service-linked role.
    allow(
      'AutoScalingServiceLinkedRole',
      ['iam:CreateServiceLinkedRole'],
      [
        sub(
          `${P}:iam::\${AWS::AccountId}:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable`,
        ),
      ],
    ),
    allowUnscoped(
      'CreateKeys',
      ['kms:CreateKey', 'kms:ListAliases'],
      'kms:CreateKey and kms:ListAliases support no resource-level permissions',
    ),
    allow(
      'ManageKeys',
      [
        'kms:CreateAlias',
        'kms:CreateGrant',
        'kms:Decrypt',
        'kms:DeleteAlias',
        'kms:DescribeKey',
        'kms:DisableKeyRotation',
        'kms:EnableKeyRotation',
        'kms:Encrypt',
        'kms:GenerateDataKey',
        'kms:GetKeyPolicy',
        'kms:GetKeyRotationStatus',
        'kms:ListResourceTags',
        'kms:PutKeyPolicy',
        'kms:ScheduleKeyDeletion',
        'kms:TagResource',
        'kms:UntagResource',
        'kms:UpdateAlias',
        'kms:UpdateKeyDescription',
      ],
      [arn('kms', 'key/*'), arn('kms', `alias/${NAME}`)],
    ),
    allow(
      'Tables',
      [
        'dynamodb:CreateTable',
        'dynamodb:DeleteTable',
        'dynamodb:DescribeContinuousBackups',
        'dynamodb:DescribeContributorInsights',
        'dynamodb:DescribeKinesisStreamingDestination',
        'dynamodb:DescribeTable',
        'dynamodb:DescribeTimeToLive',
        'dynamodb:ListTagsOfResource',
        'dynamodb:TagResource',
        'dynamodb:UntagResource',
        'dynamodb:UpdateContinuousBackups',
        'dynamodb:UpdateContributorInsights',
        'dynamodb:UpdateTable',
        'dynamodb:UpdateTimeToLive',
      ],
      [arn('dynamodb', `table/${NAME}`)],
    ),
    allow(
      'TableAutoScaling',
      [
        'application-autoscaling:DeleteScalingPolicy',
        'application-autoscaling:DeregisterScalableTarget',
        'application-autoscaling:PutScalingPolicy',
        'application-autoscaling:RegisterScalableTarget',
        'application-autoscaling:TagResource',
      ],
      [arn('application-autoscaling', 'scalable-target/*')],
    ),
    allowUnscoped(
      'DescribeTableAutoScaling',
      ['application-autoscaling:DescribeScalableTargets', 'application-autoscaling:DescribeScalingPolicies'],
      'Application Auto Scaling describe actions support no resource-level permissions',
    ),
    allow(
      'Buckets',
      [
        's3:CreateBucket',
        's3:DeleteBucket',
        's3:DeleteBucketPolicy',
        's3:GetBucketLogging',
        's3:GetBucketNotification',
        's3:GetBucketOwnershipControls',
        's3:GetBucketPolicy',
        's3:GetBucketPublicAccessBlock',
        's3:GetBucketTagging',
        's3:GetBucketVersioning',
        's3:GetEncryptionConfiguration',
        's3:GetLifecycleConfiguration',
        's3:ListBucket',
        's3:PutBucketLogging',
        's3:PutBucketNotification',
        's3:PutBucketOwnershipControls',
        's3:PutBucketPolicy',
        's3:PutBucketPublicAccessBlock',
        's3:PutBucketTagging',
        's3:PutBucketVersioning',
        's3:PutEncryptionConfiguration',
        's3:PutLifecycleConfiguration',
      ],
      [sub(`${P}:s3:::${NAME}`)],
    ),
    // Lambda copies the zip with the caller's credentials when it creates or updates a function.
    allow(
      'ReadLambdaCode',
      ['s3:GetObject', 's3:GetObjectVersion'],
      [sub(`${P}:s3:::\${${ARTIFACT_BUCKET_PREFIX}}-\${AWS::AccountId}-*/lambda/*`)],
    ),
    allow(
      'Functions',
      [
        'lambda:AddPermission',
        'lambda:CreateFunction',
        'lambda:DeleteFunction',
        'lambda:DeleteFunctionConcurrency',
        'lambda:DeleteFunctionEventInvokeConfig',
        'lambda:GetFunction',
        'lambda:GetFunctionCodeSigningConfig',
        'lambda:GetFunctionConfiguration',
        'lambda:GetFunctionEventInvokeConfig',
        'lambda:GetPolicy',
        'lambda:GetRuntimeManagementConfig',
        'lambda:ListTags',
        'lambda:PutFunctionConcurrency',
        'lambda:PutFunctionEventInvokeConfig',
        'lambda:RemovePermission',
        'lambda:TagResource',
        'lambda:UntagResource',
        'lambda:UpdateFunctionCode',
        'lambda:UpdateFunctionConfiguration',
        'lambda:UpdateFunctionEventInvokeConfig',
      ],
      [arn('lambda', `function:${NAME}`)],
    ),
    // CreateEventSourceMapping acts on no named resource, and a mapping's ARN holds a generated id:
    // both are scoped by the function the mapping feeds instead.
    {
      ...allowUnscoped(
        'CreateEventSourceMappings',
        ['lambda:CreateEventSourceMapping'],
        'CreateEventSourceMapping supports no resource-level permissions; the condition limits it to ServApp functions',
      ),
      Condition: FEEDS_SERVAPP_FUNCTION,
    },
    allow(
      'EventSourceMappings',
      ['lambda:DeleteEventSourceMapping', 'lambda:GetEventSourceMapping', 'lambda:UpdateEventSourceMapping'],
      [arn('lambda', 'event-source-mapping:*')],
      FEEDS_SERVAPP_FUNCTION,
    ),
    allow(
      'TagEventSourceMappings',
      ['lambda:ListTags', 'lambda:TagResource', 'lambda:UntagResource'],
      [arn('lambda', 'event-source-mapping:*')],
    ),
    allow(
      'Queues',
      [
        'sqs:CreateQueue',
        'sqs:DeleteQueue',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ListQueueTags',
        'sqs:SetQueueAttributes',
        'sqs:TagQueue',
        'sqs:UntagQueue',
      ],
      [arn('sqs', NAME)],
    ),
    allow(
      'Topics',
      [
        'sns:CreateTopic',
        'sns:DeleteTopic',
        'sns:GetSubscriptionAttributes',
        'sns:GetTopicAttributes',
        'sns:ListSubscriptionsByTopic',
        'sns:ListTagsForResource',
        'sns:SetTopicAttributes',
        'sns:Subscribe',
        'sns:TagResource',
        'sns:Unsubscribe',
        'sns:UntagResource',
      ],
      [arn('sns', NAME)],
    ),
    allow(
      'LogGroups',
      [
        'logs:AssociateKmsKey',
        'logs:CreateLogGroup',
        'logs:DeleteLogGroup',
        'logs:DeleteRetentionPolicy',
        'logs:DisassociateKmsKey',
        'logs:ListTagsForResource',
        'logs:PutRetentionPolicy',
        'logs:TagResource',
        'logs:UntagResource',
      ],
      [arn('logs', `log-group:/aws/lambda/${NAME}`), arn('logs', `log-group:/aws/apigateway/${NAME}`)],
    ),
    allowUnscoped(
      'DescribeLogGroups',
      ['logs:DescribeLogGroups'],
      'logs:DescribeLogGroups supports no resource-level permissions',
    ),
    allow(
      'Alarms',
      [
        'cloudwatch:DeleteAlarms',
        'cloudwatch:DescribeAlarms',
        'cloudwatch:ListTagsForResource',
        'cloudwatch:PutMetricAlarm',
        'cloudwatch:TagResource',
        'cloudwatch:UntagResource',
      ],
      [arn('cloudwatch', `alarm:${NAME}`)],
    ),
    // Dashboards are global names in the account: their ARN has no region.
    allow(
      'Dashboards',
      [
        'cloudwatch:DeleteDashboards',
        'cloudwatch:GetDashboard',
        'cloudwatch:ListTagsForResource',
        'cloudwatch:PutDashboard',
        'cloudwatch:TagResource',
        'cloudwatch:UntagResource',
      ],
      [sub(`${P}:cloudwatch::\${AWS::AccountId}:dashboard/${NAME}`)],
    ),
    // API Gateway's IAM model is HTTP verbs on resource paths; REST API ids are generated, so
    // the paths are scoped to the API kinds the regional stack creates.
    allow(
      'RestApis',
      ['apigateway:DELETE', 'apigateway:GET', 'apigateway:PATCH', 'apigateway:POST', 'apigateway:PUT'],
      [
        '/account',
        '/restapis',
        '/restapis/*',
        '/tags/*',
        '/usageplans',
        '/usageplans/*',
        '/apikeys',
        '/apikeys/*',
      ].map((path) => sub(`${P}:apigateway:*::${path}`)),
    ),
  ];
}
