import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { GATEWAY_RESPONSES, ROUTES } from '../../src/contract';
import { functionIds, REGIONAL_IDS } from '../../src/conventions';
import type { TemplateDocument } from '../../src/core/template';
import { regionalTemplate } from '../../src/regional';
import { resource, resourcesOfType } from '../support/template';

const test = suite('regional stack: REST API');
const template = regionalTemplate();
const body = resource(template, REGIONAL_IDS.restApi).Properties.Body;

function deploymentId(t: TemplateDocument): string {
  const [entry] = resourcesOfType(t, 'AWS::ApiGateway::Deployment');
  if (!entry) throw new Error('no deployment');
  return entry[0];
}

test('routes: POST /upload, GET /status/{jobId}, GET /results/{symbol}, each a Lambda proxy integration', () => {
  assert.equal(Object.keys(body.paths).sort(), ['/results/{symbol}', '/status/{jobId}', '/upload']);
  for (const route of ROUTES) {
    const operation = body.paths[route.path][route.method.toLowerCase()];
    const integration = operation['x-amazon-apigateway-integration'];
    assert.is(integration.type, 'aws_proxy');
    assert.is(integration.httpMethod, 'POST');
    assert.equal(integration.uri['Fn::Sub'][1].FunctionArn, {
      'Fn::GetAtt': [`${route.function.charAt(0).toUpperCase()}${route.function.slice(1)}Function`, 'Arn'],
    });
  }
});

test('request validation: the upload body against its JSON schema, path parameters required', () => {
  const upload = body.paths['/upload'].post;
  assert.is(upload['x-amazon-apigateway-request-validator'], 'body-and-params');
  assert.is(body['x-amazon-apigateway-request-validators']['body-and-params'].validateRequestBody, true);
  const schema = body.components.schemas.UploadRequest;
  assert.equal(schema.required, ['fileName', 'fileType']);
  assert.is(schema.additionalProperties, false);
  assert.equal(schema.properties.fileType.enum, ['csv']);
  for (const path of ['/status/{jobId}', '/results/{symbol}']) {
    const operation = body.paths[path].get;
    assert.is(operation['x-amazon-apigateway-request-validator'], 'params-only');
    const pathParameters = operation.parameters.filter((p: { in: string }) => p.in === 'path');
    assert.is(pathParameters.length, 1);
    assert.is(pathParameters[0].required, true);
  }
});

test('gateway errors use the standard shape with the correlation id, and carry CORS headers', () => {
  const responses = body['x-amazon-apigateway-gateway-responses'];
  assert.equal(Object.keys(responses).sort(), GATEWAY_RESPONSES.map((r) => r.type).sort());
  assert.ok(responses.DEFAULT_4XX && responses.DEFAULT_5XX);
  for (const [type, response] of Object.entries(responses) as [
    string,
    Record<string, Record<string, string>>,
  ][]) {
    const rendered = String(response.responseTemplates?.['application/json'])
      .replace('$context.error.messageString', '"Some message"')
      .replace('$context.requestId', 'req-123');
    const parsed = JSON.parse(rendered);
    assert.equal(Object.keys(parsed).sort(), ['correlationId', 'error'], type);
    assert.is(parsed.correlationId, 'req-123');
    assert.is(parsed.error.message, 'Some message');
    assert.is(response.responseParameters?.['gatewayresponse.header.Access-Control-Allow-Origin'], "'*'");
    assert.is(response.responseParameters?.['gatewayresponse.header.X-Correlation-Id'], 'context.requestId');
  }
});

test('CORS preflight: OPTIONS on every path, answered by the gateway without authentication', () => {
  for (const path of Object.keys(body.paths)) {
    const options = body.paths[path].options;
    assert.ok(options, path);
    assert.equal(options.security, []);
    assert.is(options['x-amazon-apigateway-integration'].type, 'mock');
  }
});

test('authenticated by default: every route requires SigV4 (IAM)', () => {
  for (const route of ROUTES) {
    assert.equal(body.paths[route.path][route.method.toLowerCase()].security, [{ sigv4: [] }]);
  }
  assert.is(body.components.securitySchemes.sigv4['x-amazon-apigateway-authtype'], 'awsSigv4');
});

test('API_KEY auth adds a usage plan with the same throttle; NONE leaves routes open', () => {
  const keyed = regionalTemplate({ apiAuth: 'API_KEY' });
  const plan = resource(keyed, REGIONAL_IDS.apiUsagePlan).Properties;
  assert.equal(plan.Throttle, { BurstLimit: 2000, RateLimit: 1000 });
  assert.ok(resource(keyed, 'ApiUsagePlanKey'));
  const open = regionalTemplate({ apiAuth: 'NONE' });
  assert.equal(resource(open, REGIONAL_IDS.restApi).Properties.Body.paths['/upload'].post.security, []);
});

test('stage: throttling 1000 requests/s with bursts of 2000, X-Ray tracing, access logs with the request id', () => {
  const stage = resource(template, REGIONAL_IDS.apiStage).Properties;
  assert.is(stage.TracingEnabled, true);
  const [settings] = stage.MethodSettings;
  assert.is(settings.ResourcePath, '/*');
  assert.is(settings.HttpMethod, '*');
  assert.is(settings.ThrottlingRateLimit, 1000);
  assert.is(settings.ThrottlingBurstLimit, 2000);
  assert.is(JSON.parse(stage.AccessLogSetting.Format).requestId, '$context.requestId');
  assert.equal(stage.AccessLogSetting.DestinationArn, {
    'Fn::GetAtt': [REGIONAL_IDS.apiAccessLogGroup, 'Arn'],
  });
});

test('the deployment is redeployed when the API changes, and only then', () => {
  assert.is(deploymentId(regionalTemplate()), deploymentId(template));
  assert.is.not(deploymentId(regionalTemplate({ maxUploadBytes: 1024 })), deploymentId(template));
  assert.is.not(deploymentId(regionalTemplate({ apiAuth: 'NONE' })), deploymentId(template));
  assert.equal(resource(template, REGIONAL_IDS.apiStage).Properties.DeploymentId, {
    Ref: deploymentId(template),
  });
});

test('API Gateway may invoke each API function only from this API, method and path', () => {
  const permission = resource(template, functionIds('status').apiInvokePermission).Properties;
  assert.is(permission.Principal, 'apigateway.amazonaws.com');
  assert.equal(permission.SourceArn, {
    'Fn::Sub': [
      'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/GET/status/*',
      { Api: { Ref: REGIONAL_IDS.restApi } },
    ],
  });
});

test('the API Gateway logging role is optional per region, and the stage waits for it', () => {
  assert.is(resource(template, REGIONAL_IDS.apiGatewayAccount).Condition, 'ConfigureApiGatewayAccountRole');
  assert.ok(
    resource(template, REGIONAL_IDS.apiStage).DependsOn?.includes(REGIONAL_IDS.apiGatewayAccountReady),
  );
});

test.run();
