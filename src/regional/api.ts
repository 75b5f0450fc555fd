/**
 * The REST API: an OpenAPI body built from the contract, with API Gateway's extensions for the
 * Lambda proxy integrations, request validation, authorisation, CORS preflight and error
 * responses in the standard shape. A Deployment whose logical id carries a hash of the body (so
 * a changed API is redeployed), and a Stage with X-Ray, access logs and throttling.
 */
import { ApiGateway, CloudFormation, Fn, IAM, type IntrinsicFunction, Lambda, Logs } from 'cloudform-types';
import {
  CORRELATION_HEADER,
  CORS_ALLOW_HEADERS,
  CORS_ALLOW_METHODS,
  CORS_ALLOW_ORIGIN,
  CORS_EXPOSE_HEADERS,
  GATEWAY_RESPONSES,
  type OpenApiDocument,
  openApiDocument,
  ROUTES,
  routePaths,
} from '../contract/index.js';
import { functionIds, REGIONAL_IDS, REGIONAL_OUTPUTS } from '../conventions/index.js';
import { contentHash } from '../core/emit.js';
import { serviceTrust } from '../core/iam.js';
import { sub } from '../core/intrinsics.js';
import { checkov } from '../core/suppressions.js';
import type { Handle, Reference } from '../core/template.js';
import { recordApiAuthentication } from './api-auth.js';
import { type RegionalContext, retention } from './context.js';
import type { Functions } from './functions.js';
import type { ApiAuth } from './options.js';

export interface Api {
  restApi: Handle<'AWS::ApiGateway::RestApi'>;
  stage: Handle<'AWS::ApiGateway::Stage'>;
  accessLogGroup: Handle<'AWS::Logs::LogGroup'>;
}

const API_GATEWAY_LOGGING_CONDITION = 'ConfigureApiGatewayAccountRole';

const quoted = (value: string) => `'${value}'`;

/** Response headers on every gateway-made response: CORS and the correlation id. */
function gatewayResponseHeaders(): Record<string, string> {
  return {
    'gatewayresponse.header.Access-Control-Allow-Origin': quoted(CORS_ALLOW_ORIGIN),
    'gatewayresponse.header.Access-Control-Allow-Headers': quoted(CORS_ALLOW_HEADERS.join(',')),
    'gatewayresponse.header.Access-Control-Allow-Methods': quoted(CORS_ALLOW_METHODS.join(',')),
    'gatewayresponse.header.Access-Control-Expose-Headers': quoted(CORS_EXPOSE_HEADERS.join(',')),
    [`gatewayresponse.header.${CORRELATION_HEADER}`]: 'context.requestId',
  };
}

function gatewayResponses(): Record<string, unknown> {
  return Object.fromEntries(
    GATEWAY_RESPONSES.map((spec) => [
      spec.type,
      {
        responseParameters: gatewayResponseHeaders(),
        responseTemplates: {
          'application/json': `{"error":{"code":"${spec.code}","message":$context.error.messageString},"correlationId":"$context.requestId"}`,
        },
      },
    ]),
  );
}

/** The OPTIONS method of one path: answered by the gateway itself, without authentication. */
function preflight(): Record<string, unknown> {
  const header = (name: string) => `method.response.header.${name}`;
  const names = [
    'Access-Control-Allow-Origin',
    'Access-Control-Allow-Methods',
    'Access-Control-Allow-Headers',
    'Access-Control-Max-Age',
  ];
  return {
    summary: 'CORS preflight',
    security: [],
    responses: {
      200: {
        description: 'CORS preflight',
        headers: Object.fromEntries(names.map((name) => [name, { schema: { type: 'string' } }])),
      },
    },
    'x-amazon-apigateway-integration': {
      type: 'mock',
      requestTemplates: { 'application/json': '{"statusCode": 200}' },
      responses: {
        default: {
          statusCode: '200',
          responseParameters: {
            [header('Access-Control-Allow-Origin')]: quoted(CORS_ALLOW_ORIGIN),
            [header('Access-Control-Allow-Methods')]: quoted(CORS_ALLOW_METHODS.join(',')),
            [header('Access-Control-Allow-Headers')]: quoted(CORS_ALLOW_HEADERS.join(',')),
            [header('Access-Control-Max-Age')]: quoted('600'),
          },
        },
      },
    },
  };
}

function security(auth: ApiAuth): Record<string, string[]>[] {
  if (auth === 'IAM') return [{ sigv4: [] }];
  if (auth === 'API_KEY') return [{ api_key: [] }];
  if (auth === 'NONE') return [];
  throw new Error(`unknown apiAuth mode ${JSON.stringify(auth)}`);
}

/** The OpenAPI document with API Gateway's extensions: what the RestApi's Body holds. */
export function gatewayDefinition(ctx: RegionalContext, fns: Functions): Record<string, unknown> {
  const doc: OpenApiDocument = openApiDocument({ maxUploadBytes: ctx.settings.maxUploadBytes });
  const auth = ctx.settings.apiAuth;
  for (const route of ROUTES) {
    const operation = doc.paths[route.path]?.[route.method.toLowerCase()];
    if (!operation) throw new Error(`route ${route.id} is missing from the OpenAPI document`);
    operation.security = security(auth);
    operation['x-amazon-apigateway-request-validator'] = route.requestBody
      ? 'body-and-params'
      : 'params-only';
    operation['x-amazon-apigateway-integration'] = {
      type: 'aws_proxy',
      httpMethod: 'POST',
      passthroughBehavior: 'when_no_match',
      uri: sub(
        'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${FunctionArn}/invocations',
        { FunctionArn: fns[route.function].function.getAtt('Arn') },
      ),
    };
  }
  for (const path of routePaths()) {
    const methods = doc.paths[path] ?? {};
    doc.paths[path] = { ...methods, options: JSON.parse(JSON.stringify(preflight())) };
  }
  const securitySchemes: Record<string, unknown> = {};
  if (auth === 'IAM') {
    securitySchemes.sigv4 = {
      type: 'apiKey',
      name: 'Authorization',
      in: 'header',
      'x-amazon-apigateway-authtype': 'awsSigv4',
    };
  }
  if (auth === 'API_KEY') securitySchemes.api_key = { type: 'apiKey', name: 'x-api-key', in: 'header' };
  const body: Record<string, unknown> = {
    ...doc,
    components: { ...doc.components, securitySchemes },
    'x-amazon-apigateway-request-validators': {
      'body-and-params': { validateRequestBody: true, validateRequestParameters: true },
      'params-only': { validateRequestBody: false, validateRequestParameters: true },
    },
    'x-amazon-apigateway-gateway-responses': gatewayResponses(),
  };
  if (auth === 'API_KEY') body['x-amazon-apigateway-api-key-source'] = 'HEADER';
  return JSON.parse(JSON.stringify(body));
}

/** `arn:...:execute-api:<region>:<account>:<api>/*\/<METHOD>/<path with * for parameters>` */
function invokeSourceArn(
  api: Handle<'AWS::ApiGateway::RestApi'>,
  method: string,
  path: string,
): IntrinsicFunction {
  const resource = path.replace(/\{[^}]+\}/g, '*');
  return sub(
    `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/*/${method}${resource}`,
    {
      Api: api.ref(),
    },
  );
}

/**
 * API Gateway writes logs with one role per region, set on the account (it outlives stacks).
 * A WaitConditionHandle carries the dependency so the Stage can wait for it even when the
 * parameter leaves the role to another stack.
 */
function apiGatewayLoggingRole(ctx: RegionalContext): Reference {
  const { t, names, params } = ctx;
  t.condition(API_GATEWAY_LOGGING_CONDITION, Fn.Equals(params.configureApiGatewayAccount.ref(), 'true'));
  const role = t.resource(
    'ApiGatewayCloudWatchRole',
    new IAM.Role({
      RoleName: names.name('apigw-logs-role'),
      Description: 'Lets API Gateway write execution and access logs in this region',
      AssumeRolePolicyDocument: serviceTrust('apigateway.amazonaws.com', true),
      ManagedPolicyArns: [
        sub('arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs'),
      ],
    }),
    { condition: API_GATEWAY_LOGGING_CONDITION },
  );
  const account = t.resource(
    REGIONAL_IDS.apiGatewayAccount,
    new ApiGateway.Account({ CloudWatchRoleArn: role.getAtt('Arn') }),
    {
      condition: API_GATEWAY_LOGGING_CONDITION,
    },
  );
  return t.resource(REGIONAL_IDS.apiGatewayAccountReady, new CloudFormation.WaitConditionHandle({}), {
    metadata: {
      AccountSetting: Fn.If(API_GATEWAY_LOGGING_CONDITION, account.ref(), Fn.Ref('AWS::NoValue')),
    },
  });
}

export function api(ctx: RegionalContext, fns: Functions, key: Handle<'AWS::KMS::Key'>): Api {
  const { t, names, settings } = ctx;
  const definition = gatewayDefinition(ctx, fns);
  const restApi = t.resource(
    REGIONAL_IDS.restApi,
    new ApiGateway.RestApi({
      Name: names.name('api'),
      Description: 'ServApp market-data API: upload CSV files, follow jobs, query rows by symbol',
      EndpointConfiguration: { Types: ['REGIONAL'] },
      Body: definition,
    }),
  );
  recordApiAuthentication(ctx, restApi);
  for (const route of ROUTES) {
    t.resource(
      functionIds(route.function).apiInvokePermission,
      new Lambda.Permission({
        Action: 'lambda:InvokeFunction',
        FunctionName: fns[route.function].function.getAtt('Arn'),
        Principal: 'apigateway.amazonaws.com',
        SourceArn: invokeSourceArn(restApi, route.method, route.path),
      }),
    );
  }
  // A Deployment is a snapshot: a new logical id per definition makes CloudFormation deploy again.
  const deployment = t.resource(
    `ApiDeployment${contentHash(definition, 10)}`,
    new ApiGateway.Deployment({ RestApiId: restApi.ref(), Description: 'ServApp API definition snapshot' }),
  );
  const accessLogGroup = t.resource(
    REGIONAL_IDS.apiAccessLogGroup,
    new Logs.LogGroup({
      LogGroupName: sub(`/aws/apigateway/${names.namePattern('api')}/access`, names.subVariables()),
      RetentionInDays: settings.logRetentionDays,
      KmsKeyId: key.getAtt('Arn'),
    }),
    retention(ctx),
  );
  const ready = apiGatewayLoggingRole(ctx);
  const stage = t.resource(
    REGIONAL_IDS.apiStage,
    new ApiGateway.Stage({
      RestApiId: restApi.ref(),
      DeploymentId: deployment.ref(),
      StageName: settings.stageName,
      Description: 'The ServApp API stage',
      TracingEnabled: true,
      AccessLogSetting: {
        DestinationArn: accessLogGroup.getAtt('Arn'),
        Format: JSON.stringify(ACCESS_LOG_FORMAT),
      },
      MethodSettings: [
        {
          ResourcePath: '/*',
          HttpMethod: '*',
          ThrottlingRateLimit: settings.throttle.rateLimit,
          ThrottlingBurstLimit: settings.throttle.burstLimit,
          MetricsEnabled: true,
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
        },
      ],
    }),
    {
      dependsOn: [ready],
      suppressions: [
        checkov(
          'CKV_AWS_120',
          'No response cache: job status must be read fresh while a file is processed, and results change with every upload; a cache would serve stale rows',
        ),
      ],
    },
  );
  if (settings.apiAuth === 'API_KEY') apiKey(ctx, restApi, stage);
  return { restApi, stage, accessLogGroup };
}

/** One JSON line per request; `requestId` is the correlation id the error responses carry. */
const ACCESS_LOG_FORMAT = {
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  status: '$context.status',
  responseLength: '$context.responseLength',
  integrationLatency: '$context.integrationLatency',
  responseLatency: '$context.responseLatency',
  errorType: '$context.error.responseType',
  sourceIp: '$context.identity.sourceIp',
  caller: '$context.identity.caller',
  userAgent: '$context.identity.userAgent',
  xrayTraceId: '$context.xrayTraceId',
};

/** API_KEY mode: a usage plan with the same throttle as the stage, and one key. */
function apiKey(
  ctx: RegionalContext,
  restApi: Handle<'AWS::ApiGateway::RestApi'>,
  stage: Handle<'AWS::ApiGateway::Stage'>,
): void {
  const { t, names, settings } = ctx;
  const plan = t.resource(
    REGIONAL_IDS.apiUsagePlan,
    new ApiGateway.UsagePlan({
      UsagePlanName: names.name('usage-plan'),
      Description: 'Callers of the ServApp API with an API key',
      ApiStages: [{ ApiId: restApi.ref(), Stage: stage.ref() }],
      Throttle: { RateLimit: settings.throttle.rateLimit, BurstLimit: settings.throttle.burstLimit },
    }),
  );
  const key = t.resource(
    REGIONAL_IDS.apiKey,
    new ApiGateway.ApiKey({ Name: names.name('api-key'), Enabled: true, Description: 'ServApp API key' }),
  );
  t.resource(
    'ApiUsagePlanKey',
    new ApiGateway.UsagePlanKey({ KeyId: key.ref(), KeyType: 'API_KEY', UsagePlanId: plan.ref() }),
  );
  // The id, never the value: an output is readable by anyone who may describe the stack.
  t.output(REGIONAL_OUTPUTS.apiKeyId, {
    description:
      'Id of the API key callers send as x-api-key (its value: aws apigateway get-api-key --api-key <id> --include-value)',
    value: key.ref(),
  });
}
