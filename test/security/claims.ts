/**
 * The README's threat model (Security → "Who can do what") as IAM requests with the decision each
 * must get. Three kinds:
 * - `claim`: something an actor must not be able to do. `ExplicitlyDenied` where the claim rests
 *   on a Deny statement (so removing the Deny is noticed even if nothing else allows the request);
 *   `Denied` (either kind) where it rests on nothing granting it.
 * - `control`: something that must be allowed, or the denials prove nothing (and the stack would
 *   not deploy or work).
 * - `residual`: a risk the README states and accepts; expected allowed, so a change is noticed.
 */
import type { Decision, IamRequest, PolicyDocumentJson } from '../support/iam-simulation';
import { ACCOUNT, OTHER_ACCOUNT, PARTITION, REGION, type RolePolicies, type World } from './world';

export type Expectation = Decision | 'Denied';

export interface Claim {
  /** Stable: the README names claims by id. */
  id: string;
  actor: string;
  kind: 'claim' | 'control' | 'residual';
  says: string;
  expect: Expectation;
  request: IamRequest;
}

export function meets(decision: Decision, expectation: Expectation): boolean {
  return expectation === 'Denied' ? decision !== 'Allowed' : decision === expectation;
}

const ALLOW_EVERYTHING: PolicyDocumentJson = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

/** A key of another team whose policy defers to IAM, as the KMS default key policy does. */
const DEFERS_TO_IAM: PolicyDocumentJson = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:${PARTITION}:iam::${ACCOUNT}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ],
};
const OTHER_TEAM = { 'aws:ResourceTag/Project': 'Payments' };
const SERVAPP_TAG_REQUEST = { 'aws:RequestTag/Project': 'ServApp', 'aws:TagKeys': ['Project'] };
const OTHER_KEY = `arn:${PARTITION}:kms:${REGION}:${ACCOUNT}:key/0a1b2c3d-other-team`;
const OTHER_API = 'a1b2c3d4e5';
const iamArn = (kind: string, name: string, account = ACCOUNT) =>
  `arn:${PARTITION}:iam::${account}:${kind}/${name}`;
const apiPath = (path: string) => `arn:${PARTITION}:apigateway:${REGION}::${path}`;
const logGroup = (name: string) =>
  `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:${name}:log-stream:s`;
const via = (service: string) => ({
  'kms:ViaService': `${service}.${REGION}.amazonaws.com`,
  'kms:CallerAccount': ACCOUNT,
});

/** A request made with a role's credentials: its policies, its boundary, and who it is. */
function as(
  role: RolePolicies,
  action: string,
  resource: string,
  extra: Partial<IamRequest> & { context?: Record<string, string | string[]> } = {},
): IamRequest {
  const account = role.arn.split(':')[4] ?? ACCOUNT;
  return {
    principal: role.arn,
    action,
    resource,
    resourceAccount: ACCOUNT,
    identityPolicies: role.identity,
    ...(role.boundary ? { boundary: role.boundary } : {}),
    ...extra,
    context: { 'aws:PrincipalArn': role.arn, 'aws:PrincipalAccount': account, ...extra.context },
  };
}

function roleWithPolicy(
  arn: string,
  policy: PolicyDocumentJson,
  boundary?: PolicyDocumentJson,
): RolePolicies {
  return {
    arn,
    identity: [policy],
    ...(boundary ? { boundary } : {}),
    trust: { Version: '2012-10-17', Statement: [] },
  };
}

export function threatModel(w: World): Claim[] {
  const claims: Claim[] = [];
  const add = (
    actor: string,
    kind: Claim['kind'],
    id: string,
    says: string,
    expect: Expectation,
    request: IamRequest,
  ) => claims.push({ id, actor, kind, says, expect, request });

  const { dev, prod, bootstrap, pipeline } = w;
  const dataKey = dev.arn('DataKey');
  const dataKeyPolicy = w.keyPolicy(dev, 'DataKey');
  const dataKeyTags = w.resourceTags(dev, 'DataKey');
  const uploadBucket = dev.ref('UploadBucket');
  const uploadPolicy = w.bucketPolicy(dev, 'UploadBucketPolicy');
  const tls = { 'aws:SecureTransport': 'true' };
  const artifactBucket = bootstrap.ref('ArtifactBucket');
  const plantedZip = `arn:${PARTITION}:s3:::${artifactBucket}/lambda/processor/${'0'.repeat(64)}.zip`;
  const pipelineStore = `arn:${PARTITION}:s3:::${pipeline.ref('ArtifactStoreBucket')}/Built/artifact.zip`;
  const restApi = dev.ref('RestApi');
  const invokeArn = (api: string, route: string) =>
    `arn:${PARTITION}:execute-api:${REGION}:${ACCOUNT}:${api}/v1/${route}`;

  // ---- anyone on the internet -------------------------------------------------------------
  const internet = 'anyone on the internet';
  add(
    internet,
    'claim',
    'internet-invokes-function',
    'cannot invoke a function directly, around the API',
    'Denied',
    {
      principal: 'anonymous',
      action: 'lambda:InvokeFunction',
      resource: dev.arn('ResultsFunction'),
      resourceAccount: ACCOUNT,
      resourcePolicy: w.functionPolicy(dev, 'ResultsFunction'),
    },
  );
  add(internet, 'claim', 'internet-reads-uploads', 'cannot read an uploaded file', 'Denied', {
    principal: 'anonymous',
    action: 's3:GetObject',
    resource: `arn:${PARTITION}:s3:::${uploadBucket}/incoming/file.csv`,
    resourceAccount: ACCOUNT,
    resourcePolicy: uploadPolicy,
    context: tls,
  });

  // ---- analyst: an IAM principal of the account allowed execute-api:Invoke --------------------
  const analyst = roleWithPolicy(iamArn('role', 'analyst'), {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: invokeArn(restApi, '*') },
      // Even a broad grant of key use does not reach the data key directly: its policy does.
      { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: '*' },
    ],
  });
  const A = 'analyst';
  add(
    A,
    'control',
    'analyst-calls-api',
    'calls the API (SigV4)',
    'Allowed',
    as(analyst, 'execute-api:Invoke', invokeArn(restApi, 'GET/results/AAPL')),
  );
  add(
    A,
    'claim',
    'analyst-decrypts-directly',
    'cannot use the data key directly, even with kms:Decrypt on "*" (kms:ViaService)',
    'Denied',
    as(analyst, 'kms:Decrypt', dataKey, {
      resourcePolicy: dataKeyPolicy,
      context: { ...dataKeyTags, 'kms:CallerAccount': ACCOUNT },
    }),
  );
  add(
    A,
    'claim',
    'analyst-reads-table',
    'cannot read a table directly',
    'Denied',
    as(analyst, 'dynamodb:GetItem', dev.arn('MarketDataTable')),
  );
  add(
    A,
    'claim',
    'analyst-reads-uploads',
    'cannot read the upload bucket directly',
    'Denied',
    as(analyst, 's3:GetObject', `arn:${PARTITION}:s3:::${uploadBucket}/incoming/file.csv`, {
      resourcePolicy: uploadPolicy,
      context: tls,
    }),
  );

  // ---- each function role -------------------------------------------------------------------
  const fn = (id: string) => w.role(dev, id);
  const upload = fn('UploadRole');
  const processor = fn('ProcessorRole');
  const status = fn('StatusRole');
  const results = fn('ResultsRole');
  const worker = fn('WorkerRole');
  const object = (prefix: string) => `arn:${PARTITION}:s3:::${uploadBucket}/${prefix}file.csv`;
  const jobs = dev.arn('JobsTable');
  const rows = dev.arn('MarketDataTable');
  const parts = dev.arn('PartsQueue');
  add(
    'upload function',
    'control',
    'upload-records-job',
    'records a job',
    'Allowed',
    as(upload, 'dynamodb:PutItem', jobs),
  );
  add(
    'upload function',
    'control',
    'upload-presigns-incoming',
    'signs uploads into incoming/',
    'Allowed',
    as(upload, 's3:PutObject', object('incoming/')),
  );
  add(
    'upload function',
    'claim',
    'upload-writes-reports',
    'cannot write reports/',
    'Denied',
    as(upload, 's3:PutObject', object('reports/')),
  );
  add(
    'upload function',
    'claim',
    'upload-writes-rows',
    'cannot write market data',
    'Denied',
    as(upload, 'dynamodb:BatchWriteItem', rows),
  );
  add(
    'processor function',
    'control',
    'processor-reads-incoming',
    'reads incoming/',
    'Allowed',
    as(processor, 's3:GetObject', object('incoming/')),
  );
  add(
    'processor function',
    'control',
    'processor-sends-parts',
    'sends parts to the queue',
    'Allowed',
    as(processor, 'sqs:SendMessage', parts),
  );
  add(
    'processor function',
    'control',
    'processor-stores-rows',
    'stores rows',
    'Allowed',
    as(processor, 'dynamodb:BatchWriteItem', rows),
  );
  add(
    'processor function',
    'claim',
    'processor-passes-roles',
    'cannot pass a role',
    'Denied',
    as(processor, 'iam:PassRole', processor.arn),
  );
  add(
    'status function',
    'control',
    'status-reads-job',
    'reads a job',
    'Allowed',
    as(status, 'dynamodb:GetItem', jobs),
  );
  add(
    'status function',
    'claim',
    'status-reads-rows',
    'cannot read market data',
    'Denied',
    as(status, 'dynamodb:GetItem', rows),
  );
  add(
    'status function',
    'claim',
    'status-updates-job',
    'cannot change a job',
    'Denied',
    as(status, 'dynamodb:UpdateItem', jobs),
  );
  add(
    'results function',
    'control',
    'results-queries-rows',
    'queries rows',
    'Allowed',
    as(results, 'dynamodb:Query', rows),
  );
  add(
    'results function',
    'claim',
    'results-writes-rows',
    'cannot write rows',
    'Denied',
    as(results, 'dynamodb:PutItem', rows),
  );
  add(
    'worker function',
    'control',
    'worker-receives-parts',
    'receives parts',
    'Allowed',
    as(worker, 'sqs:ReceiveMessage', parts),
  );
  add(
    'worker function',
    'control',
    'worker-decrypts-through-sqs',
    'uses the data key through SQS',
    'Allowed',
    as(worker, 'kms:Decrypt', dataKey, {
      resourcePolicy: dataKeyPolicy,
      context: { ...dataKeyTags, ...via('sqs') },
    }),
  );
  add(
    'worker function',
    'claim',
    'worker-deletes-incoming',
    'cannot delete an upload',
    'Denied',
    as(worker, 's3:DeleteObject', object('incoming/')),
  );

  const logging = w.role(dev, 'ApiGatewayCloudWatchRole');
  const G = 'API Gateway logging role';
  add(
    G,
    'control',
    'logging-writes-servapp-logs',
    "writes ServApp's execution logs",
    'Allowed',
    as(logging, 'logs:PutLogEvents', logGroup(`API-Gateway-Execution-Logs_${restApi}/v1`)),
  );
  add(
    G,
    'residual',
    'logging-writes-other-api-logs',
    "writes other APIs' execution logs (the account's one logging role)",
    'Allowed',
    as(logging, 'logs:PutLogEvents', logGroup(`API-Gateway-Execution-Logs_${OTHER_API}/prod`)),
  );
  add(
    G,
    'claim',
    'logging-reads-other-api-logs',
    "cannot read other APIs' execution logs",
    'Denied',
    as(logging, 'logs:GetLogEvents', logGroup(`API-Gateway-Execution-Logs_${OTHER_API}/prod`)),
  );

  // ---- a role a hostile template creates: any policy, but the boundary --------------------------
  const hostile = roleWithPolicy(iamArn('role', 'servapp-dev-use1-evil-role'), ALLOW_EVERYTHING, w.boundary);
  const H = 'role a hostile template creates';
  add(
    H,
    'claim',
    'hostile-uses-other-team-key',
    "cannot use another team's key (policy defers to IAM)",
    'Denied',
    as(hostile, 'kms:Decrypt', OTHER_KEY, {
      resourcePolicy: DEFERS_TO_IAM,
      context: { ...OTHER_TEAM, ...via('dynamodb') },
    }),
  );
  add(
    H,
    'claim',
    'hostile-uses-untagged-key',
    'cannot use an untagged key of the account',
    'Denied',
    as(hostile, 'kms:GenerateDataKey', OTHER_KEY, { resourcePolicy: DEFERS_TO_IAM, context: via('s3') }),
  );
  add(
    H,
    'claim',
    'hostile-reads-other-api-logs',
    "cannot read another API's execution logs",
    'Denied',
    as(
      hostile,
      'logs:FilterLogEvents',
      `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:API-Gateway-Execution-Logs_${OTHER_API}/prod`,
    ),
  );
  add(
    H,
    'claim',
    'hostile-writes-other-api-logs',
    "cannot forge another API's execution logs (only the logging role may)",
    'Denied',
    as(hostile, 'logs:PutLogEvents', logGroup(`API-Gateway-Execution-Logs_${OTHER_API}/prod`)),
  );
  add(
    H,
    'claim',
    'hostile-plants-code',
    'cannot put a zip into the artifact bucket',
    'ExplicitlyDenied',
    as(hostile, 's3:PutObject', plantedZip),
  );
  add(
    H,
    'claim',
    'hostile-plants-pipeline-artifacts',
    "cannot write the pipeline's artifacts (what prod is rolled out from)",
    'ExplicitlyDenied',
    as(hostile, 's3:PutObject', pipelineStore),
  );
  add(
    H,
    'claim',
    'hostile-creates-role',
    'cannot create a role',
    'Denied',
    as(hostile, 'iam:CreateRole', iamArn('role', 'servapp-dev-use1-x-role'), {
      context: { 'iam:PermissionsBoundary': w.boundaryArn },
    }),
  );
  add(
    H,
    'claim',
    'hostile-assumes-execution-role',
    'cannot assume the execution role',
    'Denied',
    as(hostile, 'sts:AssumeRole', bootstrap.arn('StackSetExecutionRole'), {
      resourcePolicy: w.role(bootstrap, 'StackSetExecutionRole').trust,
    }),
  );
  add(
    H,
    'residual',
    'hostile-reads-prod-data',
    "reads ServApp's own data, every environment's (inside the boundary)",
    'Allowed',
    as(hostile, 'dynamodb:GetItem', prod.arn('MarketDataTable')),
  );
  add(
    H,
    'residual',
    'hostile-uses-prod-key',
    "uses ServApp's keys through their services, every environment's",
    'Allowed',
    as(hostile, 'kms:Decrypt', prod.arn('DataKey'), {
      resourcePolicy: w.keyPolicy(prod, 'DataKey'),
      context: { ...w.resourceTags(prod, 'DataKey'), ...via('dynamodb') },
    }),
  );

  // ---- the deployer's path: the StackSet execution role ----------------------------------------
  const execution = w.role(bootstrap, 'StackSetExecutionRole');
  const E = 'execution role';
  const bounded = { 'iam:PermissionsBoundary': w.boundaryArn };
  const regionalRole = iamArn('role', 'servapp-dev-use1-processor-role');
  const unboundedRole = iamArn('role', 'servapp-payments-role');
  add(
    E,
    'control',
    'execution-creates-bounded-role',
    'creates a role that carries the boundary',
    'Allowed',
    as(execution, 'iam:CreateRole', iamArn('role', 'servapp-dev-use1-new-role'), { context: bounded }),
  );
  for (const template of [dev]) {
    for (const id of template.idsOfType('AWS::IAM::Role')) {
      const role = w.role(template, id);
      add(
        E,
        'control',
        `execution-creates-${id}`,
        `creates ${id} as the regional template declares it`,
        'Allowed',
        as(execution, 'iam:CreateRole', role.arn, {
          context: role.boundaryArn ? { 'iam:PermissionsBoundary': role.boundaryArn } : {},
        }),
      );
    }
  }
  add(
    E,
    'claim',
    'execution-creates-unbounded-role',
    'cannot create a role without the boundary',
    'ExplicitlyDenied',
    as(execution, 'iam:CreateRole', iamArn('role', 'servapp-dev-use1-new-role')),
  );
  add(
    E,
    'claim',
    'execution-creates-other-boundary',
    'cannot create a role with another boundary',
    'ExplicitlyDenied',
    as(execution, 'iam:CreateRole', iamArn('role', 'servapp-dev-use1-new-role'), {
      context: { 'iam:PermissionsBoundary': iamArn('policy', 'wide-open') },
    }),
  );
  for (const action of [
    'iam:DeleteRole',
    'iam:UpdateRole',
    'iam:UpdateRoleDescription',
    'iam:UpdateAssumeRolePolicy',
    'iam:PutRolePolicy',
    'iam:AttachRolePolicy',
  ]) {
    const name = action.slice(4);
    add(
      E,
      'claim',
      `execution-${name}-unbounded`,
      `cannot ${name} a servapp-*-role without the boundary`,
      'ExplicitlyDenied',
      as(execution, action, unboundedRole),
    );
  }
  for (const action of [
    'iam:DeleteRole',
    'iam:UpdateAssumeRolePolicy',
    'iam:PutRolePolicy',
    'iam:UpdateRoleDescription',
  ]) {
    const name = action.slice(4);
    add(
      E,
      'control',
      `execution-${name}-bounded`,
      `may ${name} a bounded regional role`,
      'Allowed',
      as(execution, action, regionalRole, { context: bounded }),
    );
  }
  add(
    E,
    'control',
    'execution-attaches-logging-policy',
    "attaches API Gateway's logging policy to a bounded role",
    'Allowed',
    as(execution, 'iam:AttachRolePolicy', regionalRole, {
      context: {
        ...bounded,
        'iam:PolicyARN': `arn:${PARTITION}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs`,
      },
    }),
  );
  add(
    E,
    'claim',
    'execution-attaches-admin-policy',
    'cannot attach AdministratorAccess, even to a bounded role',
    'Denied',
    as(execution, 'iam:AttachRolePolicy', regionalRole, {
      context: { ...bounded, 'iam:PolicyARN': `arn:${PARTITION}:iam::aws:policy/AdministratorAccess` },
    }),
  );
  add(
    E,
    'claim',
    'execution-removes-boundary',
    'cannot remove a boundary',
    'ExplicitlyDenied',
    as(execution, 'iam:DeleteRolePermissionsBoundary', regionalRole, { context: bounded }),
  );
  add(
    E,
    'claim',
    'execution-edits-boundary',
    'cannot edit the boundary policy',
    'ExplicitlyDenied',
    as(execution, 'iam:CreatePolicyVersion', w.boundaryArn),
  );
  add(
    E,
    'claim',
    'execution-tags-itself',
    'cannot write to its own role',
    'ExplicitlyDenied',
    as(execution, 'iam:TagRole', execution.arn),
  );
  add(
    E,
    'claim',
    'execution-writes-administration-role',
    'cannot write to the administration role',
    'ExplicitlyDenied',
    as(execution, 'iam:UpdateAssumeRolePolicy', bootstrap.arn('StackSetAdministrationRole'), {
      context: bounded,
    }),
  );
  add(
    E,
    'control',
    'execution-passes-function-role',
    'passes a regional role to Lambda',
    'Allowed',
    as(execution, 'iam:PassRole', regionalRole, {
      context: { 'iam:PassedToService': 'lambda.amazonaws.com' },
    }),
  );
  add(
    E,
    'claim',
    'execution-passes-role-to-ec2',
    'cannot pass a role to another service',
    'Denied',
    as(execution, 'iam:PassRole', regionalRole, { context: { 'iam:PassedToService': 'ec2.amazonaws.com' } }),
  );
  add(
    E,
    'claim',
    'execution-passes-itself',
    'cannot pass its own role',
    'ExplicitlyDenied',
    as(execution, 'iam:PassRole', execution.arn, {
      context: { 'iam:PassedToService': 'lambda.amazonaws.com' },
    }),
  );

  // REST APIs: addressed by generated ids, scoped by the Project tag.
  const apiTags = w.resourceTags(dev, 'RestApi');
  add(
    E,
    'claim',
    'execution-patches-other-api',
    "cannot change another team's REST API (add an open method)",
    'Denied',
    as(execution, 'apigateway:PATCH', apiPath(`/restapis/${OTHER_API}/resources/r1/methods/GET`), {
      context: OTHER_TEAM,
    }),
  );
  add(
    E,
    'claim',
    'execution-deletes-other-api',
    "cannot delete another team's REST API",
    'Denied',
    as(execution, 'apigateway:DELETE', apiPath(`/restapis/${OTHER_API}`)),
  );
  add(
    E,
    'claim',
    'execution-tags-other-api-servapp',
    "cannot tag another team's API Project=ServApp",
    'Denied',
    as(
      execution,
      'apigateway:PUT',
      apiPath(`/tags/arn%3Aaws%3Aapigateway%3A${REGION}%3A%3A%2Frestapis%2F${OTHER_API}`),
      { context: { 'aws:RequestTag/Project': 'ServApp', 'aws:TagKeys': ['Project'] } },
    ),
  );
  add(
    E,
    'control',
    'execution-creates-api',
    'creates the REST API with its tags',
    'Allowed',
    as(execution, 'apigateway:POST', apiPath('/restapis'), { context: w.requestTags(dev, 'RestApi') }),
  );
  add(
    E,
    'claim',
    'execution-creates-untagged-api',
    'cannot create an untagged REST API',
    'Denied',
    as(execution, 'apigateway:POST', apiPath('/restapis')),
  );
  add(
    E,
    'control',
    'execution-changes-servapp-api',
    "changes ServApp's REST API",
    'Allowed',
    as(execution, 'apigateway:PUT', apiPath(`/restapis/${restApi}`), { context: apiTags }),
  );
  add(
    E,
    'control',
    'execution-retags-api',
    'changes tags other than Project',
    'Allowed',
    as(
      execution,
      'apigateway:PUT',
      apiPath(`/tags/arn%3Aaws%3Aapigateway%3A${REGION}%3A%3A%2Frestapis%2F${restApi}`),
      { context: { 'aws:RequestTag/Team': 'x', 'aws:TagKeys': ['Team'] } },
    ),
  );
  add(
    E,
    'residual',
    'execution-sets-logging-role',
    "sets the account's API Gateway logging role (a servapp-*-role, by PassRole)",
    'Allowed',
    as(execution, 'apigateway:PATCH', apiPath('/account')),
  );

  // Scalable targets: generated ids, scoped by the Project tag (prod's provisioned tables have them).
  const stackTags = w.resourceTags(prod, 'MarketDataTableReadScalableTarget');
  const stackRequestTags = w.requestTags(prod, 'MarketDataTableReadScalableTarget');
  const target = (id: string) =>
    `arn:${PARTITION}:application-autoscaling:${REGION}:${ACCOUNT}:scalable-target/${id}`;
  add(
    E,
    'claim',
    'execution-deregisters-other-target',
    "cannot deregister another team's scalable target",
    'Denied',
    as(execution, 'application-autoscaling:DeregisterScalableTarget', target('0123other'), {
      context: { ...OTHER_TEAM, 'application-autoscaling:service-namespace': 'dynamodb' },
    }),
  );
  add(
    E,
    'control',
    'execution-deregisters-servapp-target',
    "deregisters ServApp's scalable target",
    'Allowed',
    as(execution, 'application-autoscaling:DeregisterScalableTarget', target('0123servapp'), {
      context: { ...stackTags, 'application-autoscaling:service-namespace': 'dynamodb' },
    }),
  );
  add(
    E,
    'control',
    'execution-registers-target',
    'registers a tagged DynamoDB target',
    'Allowed',
    as(execution, 'application-autoscaling:RegisterScalableTarget', target('0123new'), {
      context: { ...stackRequestTags, 'application-autoscaling:service-namespace': 'dynamodb' },
    }),
  );
  add(
    E,
    'residual',
    'execution-reregisters-other-target',
    "re-registers another team's untagged DynamoDB target when the request carries Project=ServApp (AWS then checks dynamodb:UpdateTable on the table, which it has on servapp-* only)",
    'Allowed',
    as(execution, 'application-autoscaling:RegisterScalableTarget', target('0123other'), {
      context: {
        'aws:RequestTag/Project': 'ServApp',
        'aws:TagKeys': ['Project'],
        'application-autoscaling:service-namespace': 'dynamodb',
      },
    }),
  );

  // Keys: addressed by id, scoped by the Project tag.
  add(
    E,
    'claim',
    'execution-puts-other-key-policy',
    "cannot replace another team's key policy",
    'Denied',
    as(execution, 'kms:PutKeyPolicy', OTHER_KEY, {
      resourcePolicy: DEFERS_TO_IAM,
      context: { ...OTHER_TEAM, 'kms:CallerAccount': ACCOUNT },
    }),
  );
  add(
    E,
    'claim',
    'execution-tags-other-key',
    "cannot tag another project's key Project=ServApp",
    'Denied',
    as(execution, 'kms:TagResource', OTHER_KEY, {
      resourcePolicy: DEFERS_TO_IAM,
      context: { ...OTHER_TEAM, ...SERVAPP_TAG_REQUEST, 'kms:CallerAccount': ACCOUNT },
    }),
  );
  add(
    E,
    'control',
    'execution-tags-new-key',
    'tags a key it creates (KMS checks TagResource on no particular key)',
    'Allowed',
    // The new key has no tags yet, and the policy CreateKey gives it.
    as(execution, 'kms:TagResource', `arn:${PARTITION}:kms:${REGION}:${ACCOUNT}:key/1234abcd-new`, {
      resourcePolicy: dataKeyPolicy,
      context: { ...w.requestTags(dev, 'DataKey'), 'kms:CallerAccount': ACCOUNT },
    }),
  );
  add(
    E,
    'residual',
    'execution-tags-untagged-key',
    'tags an untagged key of the account Project=ServApp (indistinguishable from tagging a new key)',
    'Allowed',
    as(execution, 'kms:TagResource', OTHER_KEY, {
      resourcePolicy: DEFERS_TO_IAM,
      context: { ...SERVAPP_TAG_REQUEST, 'kms:CallerAccount': ACCOUNT },
    }),
  );
  add(
    E,
    'control',
    'execution-creates-key',
    'creates a key with the stack tags',
    'Allowed',
    as(execution, 'kms:CreateKey', '*', {
      context: { ...w.requestTags(dev, 'DataKey'), 'kms:CallerAccount': ACCOUNT },
    }),
  );
  add(
    E,
    'claim',
    'execution-creates-untagged-key',
    'cannot create an untagged key',
    'Denied',
    as(execution, 'kms:CreateKey', '*', { context: { 'kms:CallerAccount': ACCOUNT } }),
  );
  add(
    E,
    'residual',
    'execution-puts-servapp-key-policy',
    "replaces ServApp's key policies (needed to manage them)",
    'Allowed',
    as(execution, 'kms:PutKeyPolicy', dataKey, {
      resourcePolicy: dataKeyPolicy,
      context: { ...dataKeyTags, 'kms:CallerAccount': ACCOUNT },
    }),
  );

  // Lambda permissions: only to the services the template names.
  add(
    E,
    'claim',
    'execution-opens-function-to-all',
    'cannot add an invoke permission for Principal "*"',
    'Denied',
    as(execution, 'lambda:AddPermission', dev.arn('ResultsFunction'), {
      context: { 'lambda:Principal': '*' },
    }),
  );
  add(
    E,
    'claim',
    'execution-opens-function-to-account',
    'cannot add an invoke permission for another account',
    'Denied',
    as(execution, 'lambda:AddPermission', dev.arn('ResultsFunction'), {
      context: { 'lambda:Principal': OTHER_ACCOUNT },
    }),
  );
  for (const id of dev.idsOfType('AWS::Lambda::Permission')) {
    const p = dev.properties(id);
    add(
      E,
      'control',
      `execution-adds-${id}`,
      `adds ${id} as the regional template declares it`,
      'Allowed',
      as(execution, 'lambda:AddPermission', String(p.FunctionName), {
        context: { 'lambda:Principal': String(p.Principal) },
      }),
    );
  }
  add(
    E,
    'claim',
    'execution-changes-other-function',
    "cannot change another team's function",
    'Denied',
    as(
      execution,
      'lambda:UpdateFunctionCode',
      `arn:${PARTITION}:lambda:${REGION}:${ACCOUNT}:function:payments-api`,
    ),
  );
  add(
    E,
    'control',
    'execution-changes-servapp-function',
    "updates ServApp's functions",
    'Allowed',
    as(execution, 'lambda:UpdateFunctionCode', dev.arn('ProcessorFunction')),
  );

  // Buckets.
  const uploadBucketArn = `arn:${PARTITION}:s3:::${uploadBucket}`;
  add(
    E,
    'residual',
    'execution-puts-upload-bucket-policy',
    "replaces the upload bucket's policy (needed to create it; no condition key inspects a policy)",
    'Allowed',
    as(execution, 's3:PutBucketPolicy', uploadBucketArn),
  );
  add(
    E,
    'residual',
    'execution-puts-upload-public-access-block',
    "changes the upload bucket's public access block (needed to create it)",
    'Allowed',
    as(execution, 's3:PutBucketPublicAccessBlock', uploadBucketArn),
  );
  add(
    E,
    'claim',
    'execution-puts-artifact-bucket-policy',
    "cannot change the artifact bucket's policy",
    'ExplicitlyDenied',
    as(execution, 's3:PutBucketPolicy', `arn:${PARTITION}:s3:::${artifactBucket}`),
  );
  add(
    E,
    'claim',
    'execution-plants-code',
    'cannot put a zip into the artifact bucket',
    'ExplicitlyDenied',
    as(execution, 's3:PutObject', plantedZip),
  );
  add(
    E,
    'control',
    'execution-reads-code',
    'reads the zips (Lambda copies them with its credentials)',
    'Allowed',
    as(execution, 's3:GetObject', plantedZip),
  );

  // ---- the StackSet administration role -----------------------------------------------------------
  const administration = w.role(bootstrap, 'StackSetAdministrationRole');
  add(
    'administration role',
    'control',
    'administration-assumes-execution',
    'assumes the execution role',
    'Allowed',
    as(administration, 'sts:AssumeRole', execution.arn, { resourcePolicy: execution.trust }),
  );
  add(
    'administration role',
    'claim',
    'administration-writes-objects',
    'can do nothing else',
    'Denied',
    as(administration, 's3:PutObject', plantedZip),
  );

  // ---- the pipeline's roles -----------------------------------------------------------------------
  const deploy = w.role(pipeline, 'DeployProjectRole');
  const build = w.role(pipeline, 'BuildProjectRole');
  const pipelineRole = w.role(pipeline, 'PipelineRole');
  const stackSet = (suffix: string) =>
    `arn:${PARTITION}:cloudformation:${REGION}:${ACCOUNT}:stackset/servapp-${suffix}:0a1b2c3d`;
  const D = 'pipeline deploy role (the deployer)';
  add(
    D,
    'control',
    'deploy-updates-stackset',
    'updates the StackSets of the environments it rolls out',
    'Allowed',
    as(deploy, 'cloudformation:UpdateStackSet', stackSet('prod')),
  );
  add(
    D,
    'claim',
    'deploy-updates-other-stackset',
    'cannot update the StackSet of an environment it does not roll out',
    'Denied',
    as(deploy, 'cloudformation:UpdateStackSet', stackSet('staging')),
  );
  add(
    D,
    'control',
    'deploy-passes-administration-role',
    'passes the administration role to CloudFormation',
    'Allowed',
    as(deploy, 'iam:PassRole', administration.arn, {
      context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' },
    }),
  );
  add(
    D,
    'claim',
    'deploy-passes-execution-role',
    'cannot pass the execution role',
    'Denied',
    as(deploy, 'iam:PassRole', execution.arn, {
      context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' },
    }),
  );
  add(
    D,
    'claim',
    'deploy-writes-roles',
    'holds no IAM write',
    'Denied',
    as(deploy, 'iam:PutRolePolicy', deploy.arn),
  );
  add(D, 'control', 'deploy-uploads-code', 'uploads zips', 'Allowed', as(deploy, 's3:PutObject', plantedZip));
  add(
    D,
    'control',
    'deploy-reads-code-checksum',
    "reads a zip's checksum",
    'Allowed',
    as(deploy, 's3:GetObject', plantedZip),
  );
  add(
    D,
    'control',
    'deploy-reads-deployed-code-hash',
    "reads a deployed function's CodeSha256",
    'Allowed',
    as(deploy, 'lambda:GetFunctionConfiguration', dev.arn('ProcessorFunction')),
  );
  add(
    D,
    'claim',
    'deploy-reads-other-functions',
    'cannot read functions outside the environments it rolls out',
    'Denied',
    as(
      deploy,
      'lambda:GetFunctionConfiguration',
      `arn:${PARTITION}:lambda:${REGION}:${ACCOUNT}:function:servapp-staging-use1-processor`,
    ),
  );
  add(
    D,
    'claim',
    'deploy-writes-other-objects',
    'cannot write outside lambda/ and templates/',
    'Denied',
    as(deploy, 's3:PutObject', `arn:${PARTITION}:s3:::${artifactBucket}/other/x`),
  );
  const B = 'pipeline build role';
  add(
    B,
    'claim',
    'build-uploads-code',
    'cannot write the artifact bucket',
    'Denied',
    as(build, 's3:PutObject', plantedZip),
  );
  add(
    B,
    'claim',
    'build-updates-stackset',
    'cannot start a rollout',
    'Denied',
    as(build, 'cloudformation:UpdateStackSet', stackSet('dev')),
  );
  add(
    B,
    'claim',
    'build-passes-roles',
    'cannot pass a role',
    'Denied',
    as(build, 'iam:PassRole', administration.arn, {
      context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' },
    }),
  );
  const P = 'pipeline role';
  add(
    P,
    'control',
    'pipeline-starts-builds',
    'starts its builds',
    'Allowed',
    as(pipelineRole, 'codebuild:StartBuild', pipeline.arn('DeployProject')),
  );
  add(
    P,
    'claim',
    'pipeline-passes-roles',
    'cannot pass a role',
    'Denied',
    as(pipelineRole, 'iam:PassRole', administration.arn, {
      context: { 'iam:PassedToService': 'cloudformation.amazonaws.com' },
    }),
  );

  // ---- another account ------------------------------------------------------------------------------
  const outsider = roleWithPolicy(iamArn('role', 'admin', OTHER_ACCOUNT), ALLOW_EVERYTHING);
  const O = 'another account';
  add(
    O,
    'claim',
    'other-account-invokes-function',
    'cannot invoke a function',
    'Denied',
    as(outsider, 'lambda:InvokeFunction', dev.arn('ResultsFunction'), {
      resourcePolicy: w.functionPolicy(dev, 'ResultsFunction'),
    }),
  );
  add(
    O,
    'claim',
    'other-account-decrypts',
    'cannot use the data key',
    'Denied',
    as(outsider, 'kms:Decrypt', dataKey, {
      resourcePolicy: dataKeyPolicy,
      context: {
        ...dataKeyTags,
        'kms:CallerAccount': OTHER_ACCOUNT,
        'kms:ViaService': `dynamodb.${REGION}.amazonaws.com`,
      },
    }),
  );
  add(
    O,
    'claim',
    'other-account-reads-uploads',
    'cannot read the upload bucket',
    'Denied',
    as(outsider, 's3:GetObject', object('incoming/'), { resourcePolicy: uploadPolicy, context: tls }),
  );
  add(
    O,
    'claim',
    'other-account-assumes-execution',
    'cannot assume the execution role',
    'Denied',
    as(outsider, 'sts:AssumeRole', execution.arn, { resourcePolicy: execution.trust }),
  );
  add(
    O,
    'claim',
    'other-account-bucket-invokes-processor',
    "cannot have its bucket's events invoke the processor",
    'Denied',
    {
      principal: 's3.amazonaws.com',
      action: 'lambda:InvokeFunction',
      resource: dev.arn('ProcessorFunction'),
      resourceAccount: ACCOUNT,
      resourcePolicy: w.functionPolicy(dev, 'ProcessorFunction'),
      context: {
        'aws:SourceArn': `arn:${PARTITION}:s3:::${uploadBucket}`,
        'aws:SourceAccount': OTHER_ACCOUNT,
      },
    },
  );
  add(
    'services',
    'control',
    'upload-bucket-invokes-processor',
    'the upload bucket invokes the processor',
    'Allowed',
    {
      principal: 's3.amazonaws.com',
      action: 'lambda:InvokeFunction',
      resource: dev.arn('ProcessorFunction'),
      resourceAccount: ACCOUNT,
      resourcePolicy: w.functionPolicy(dev, 'ProcessorFunction'),
      context: { 'aws:SourceArn': `arn:${PARTITION}:s3:::${uploadBucket}`, 'aws:SourceAccount': ACCOUNT },
    },
  );
  add('services', 'control', 'api-invokes-results', 'the API invokes the results function', 'Allowed', {
    principal: 'apigateway.amazonaws.com',
    action: 'lambda:InvokeFunction',
    resource: dev.arn('ResultsFunction'),
    resourceAccount: ACCOUNT,
    resourcePolicy: w.functionPolicy(dev, 'ResultsFunction'),
    context: { 'aws:SourceArn': invokeArn(restApi, 'GET/results/AAPL') },
  });
  return claims;
}
