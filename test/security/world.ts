/**
 * The deployed world the threat model speaks of, as the built templates describe it: one account
 * with the dev and the prod environment's regional stack, the bootstrap's roles, boundary and
 * artifact bucket, and the pipeline that rolls out dev, then prod. Policies come out of the templates resolved; only what
 * no template holds is stated here (another team's resources, AWS's managed logging policy).
 */

import apiGatewayLogging from '../fixtures/iam/AmazonAPIGatewayPushToCloudWatchLogs.json' with {
  type: 'json',
};
import type { BuiltTemplates } from '../support/built-templates';
import type { PolicyDocumentJson } from '../support/iam-simulation';
import type { Json } from '../support/resolve-template';
import { ResolvedTemplate } from '../support/resolve-template';

export const ACCOUNT = '111111111111';
export const OTHER_ACCOUNT = '999999999999';
export const REGION = 'us-east-1';
export const PARTITION = 'aws';

const MANAGED_POLICIES: Record<string, PolicyDocumentJson> = {
  [`arn:${PARTITION}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs`]: apiGatewayLogging,
};

export interface RolePolicies {
  arn: string;
  identity: PolicyDocumentJson[];
  /** The boundary policy the role carries, when it is ServApp's (the only one in the world). */
  boundary?: PolicyDocumentJson;
  /** The role's PermissionsBoundary property as resolved, absent when it has none. */
  boundaryArn?: string;
  trust: PolicyDocumentJson;
}

export class World {
  readonly dev: ResolvedTemplate;
  readonly prod: ResolvedTemplate;
  readonly bootstrap: ResolvedTemplate;
  readonly pipeline: ResolvedTemplate;

  constructor(built: BuiltTemplates) {
    // As CloudFormation receives them: plain JSON (a mutation may have put library objects in).
    const templates = JSON.parse(JSON.stringify(built)) as BuiltTemplates;
    // Each template's parameter defaults are its environment's (the rollout passes the same values).
    const at = { account: ACCOUNT, region: REGION, partition: PARTITION };
    this.dev = new ResolvedTemplate(templates.dev, at);
    this.prod = new ResolvedTemplate(templates.prod, at);
    this.bootstrap = new ResolvedTemplate(templates.bootstrap, at);
    this.pipeline = new ResolvedTemplate(templates.pipeline, at);
  }

  get boundaryArn(): string {
    return this.bootstrap.arn('PermissionsBoundary');
  }

  get boundary(): PolicyDocumentJson {
    return document(this.bootstrap.properties('PermissionsBoundary').PolicyDocument);
  }

  role(template: ResolvedTemplate, id: string): RolePolicies {
    const props = template.properties(id);
    const inline = (props.Policies ?? []) as { PolicyDocument: Json }[];
    const managed = ((props.ManagedPolicyArns ?? []) as string[]).map((arn) => {
      const policy = MANAGED_POLICIES[arn];
      if (!policy) throw new Error(`${id} attaches ${arn}, which the world does not know`);
      return policy;
    });
    const boundaryArn = props.PermissionsBoundary as string | undefined;
    return {
      arn: template.arn(id),
      identity: [...inline.map((p) => document(p.PolicyDocument)), ...managed],
      ...(boundaryArn === this.boundaryArn ? { boundary: this.boundary } : {}),
      ...(boundaryArn === undefined ? {} : { boundaryArn }),
      trust: document(props.AssumeRolePolicyDocument),
    };
  }

  /** A KMS key's policy as deployed. */
  keyPolicy(template: ResolvedTemplate, id: string): PolicyDocumentJson {
    return document(template.properties(id).KeyPolicy);
  }

  bucketPolicy(template: ResolvedTemplate, id: string): PolicyDocumentJson {
    return document(template.properties(id).PolicyDocument);
  }

  /** The resource tags a request on this resource carries, as IAM context keys. */
  resourceTags(template: ResolvedTemplate, id: string): Record<string, string> {
    return tagContext('aws:ResourceTag', template.properties(id).Tags);
  }

  requestTags(template: ResolvedTemplate, id: string): Record<string, string | string[]> {
    const tags = tagContext('aws:RequestTag', template.properties(id).Tags);
    return { ...tags, 'aws:TagKeys': Object.keys(tags).map((k) => k.slice('aws:RequestTag/'.length)) };
  }

  /**
   * A function's resource policy, as Lambda builds it from the template's Lambda::Permission
   * resources: the service principal, with SourceArn and SourceAccount as conditions.
   */
  functionPolicy(template: ResolvedTemplate, functionId: string): PolicyDocumentJson {
    const functionArn = template.arn(functionId);
    const statements = template
      .idsOfType('AWS::Lambda::Permission')
      .map((id) => template.properties(id))
      .filter((p) => p.FunctionName === functionArn)
      .map((p): Json => {
        const condition: Record<string, Json> = {};
        if (p.SourceArn) condition.ArnLike = { 'AWS:SourceArn': p.SourceArn };
        if (p.SourceAccount) condition.StringEquals = { 'AWS:SourceAccount': p.SourceAccount };
        const principal = String(p.Principal);
        return {
          Effect: 'Allow',
          Principal: principal.includes('.') ? { Service: principal } : { AWS: principal },
          Action: p.Action ?? null,
          Resource: functionArn,
          ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
        };
      });
    return { Version: '2012-10-17', Statement: statements };
  }
}

function document(value: Json | undefined): PolicyDocumentJson {
  if (!value || typeof value !== 'object' || Array.isArray(value) || !Array.isArray(value.Statement))
    throw new Error(`not a policy document: ${JSON.stringify(value)}`);
  return { Version: String(value.Version), Statement: value.Statement };
}

function tagContext(prefix: string, tags: Json | undefined): Record<string, string> {
  const list = Array.isArray(tags) ? (tags as { Key: string; Value: string }[]) : [];
  return Object.fromEntries(list.map((t) => [`${prefix}/${t.Key}`, String(t.Value)]));
}
