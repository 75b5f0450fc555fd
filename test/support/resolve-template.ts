/**
 * Resolves a template's intrinsic functions as CloudFormation would in one fixed account and
 * region, so that its policies can be handed to an IAM simulator as plain JSON. Parameters take
 * their defaults unless given; a resource's Ref and Arn come from its name property, or from its
 * logical id where AWS would generate one (REST API ids, key ids, role names without RoleName).
 */
import type { TemplateDocument } from '../../src/core/template';

export interface Deployment {
  account: string;
  region: string;
  partition: string;
  parameters?: Record<string, string>;
}

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

interface ResourceJson {
  Type: string;
  Condition?: string;
  Properties?: Record<string, Json>;
}

export class UnresolvableError extends Error {
  override name = 'UnresolvableError';
}

const NO_VALUE = Symbol('AWS::NoValue');
type Resolved = Json | typeof NO_VALUE;

export class ResolvedTemplate {
  readonly #template: TemplateDocument;
  readonly #deployment: Deployment;
  readonly #resources: Record<string, ResourceJson>;

  constructor(template: TemplateDocument, deployment: Deployment) {
    this.#template = template;
    this.#deployment = deployment;
    this.#resources = template.Resources as Record<string, ResourceJson>;
  }

  get deployment(): Deployment {
    return this.#deployment;
  }

  /** A resource's properties with every intrinsic function resolved. */
  properties(id: string): Record<string, Json> {
    const resource = this.#resource(id);
    const resolved = this.resolve(resource.Properties ?? {});
    return resolved as Record<string, Json>;
  }

  /** Logical ids of the resources of a type whose Condition holds. */
  idsOfType(type: string): string[] {
    return Object.entries(this.#resources)
      .filter(([, r]) => r.Type === type && (r.Condition === undefined || this.condition(r.Condition)))
      .map(([id]) => id);
  }

  /** What `Ref` of a resource, parameter or pseudo parameter gives. */
  ref(name: string): string {
    const { account, region, partition } = this.#deployment;
    const pseudo: Record<string, string> = {
      'AWS::AccountId': account,
      'AWS::Region': region,
      'AWS::Partition': partition,
      'AWS::URLSuffix': 'amazonaws.com',
      'AWS::StackName': 'StackSet-servapp-stack',
    };
    const fixed = pseudo[name];
    if (fixed !== undefined) return fixed;
    const parameters = (this.#template.Parameters ?? {}) as Record<string, { Default?: string }>;
    if (name in parameters) {
      const value = this.#deployment.parameters?.[name] ?? parameters[name]?.Default;
      if (value === undefined) throw new UnresolvableError(`parameter ${name} has no default and no value`);
      return value;
    }
    const resource = this.#resource(name);
    const props = resource.Properties ?? {};
    const named = (key: string) => (props[key] === undefined ? undefined : this.#string(props[key]));
    switch (resource.Type) {
      case 'AWS::SQS::Queue':
        return `https://sqs.${region}.amazonaws.com/${account}/${named('QueueName') ?? name}`;
      case 'AWS::SNS::Topic':
      case 'AWS::Lambda::Permission':
        return this.arn(name);
      case 'AWS::KMS::Key':
      case 'AWS::ApiGateway::RestApi':
        return name.toLowerCase();
      default:
        return (
          named('RoleName') ??
          named('TableName') ??
          named('FunctionName') ??
          named('BucketName') ??
          named('LogGroupName') ??
          named('ManagedPolicyName') ??
          named('Name') ??
          name
        );
    }
  }

  /** What `Fn::GetAtt [id, Arn]` gives. */
  arn(id: string): string {
    const { account, region, partition } = this.#deployment;
    const resource = this.#resource(id);
    const ref = () => this.ref(id);
    const props = resource.Properties ?? {};
    switch (resource.Type) {
      case 'AWS::IAM::Role':
        return `arn:${partition}:iam::${account}:role/${ref()}`;
      case 'AWS::IAM::ManagedPolicy':
        return `arn:${partition}:iam::${account}:policy/${ref()}`;
      case 'AWS::KMS::Key':
        return `arn:${partition}:kms:${region}:${account}:key/${ref()}`;
      case 'AWS::DynamoDB::Table':
        return `arn:${partition}:dynamodb:${region}:${account}:table/${ref()}`;
      case 'AWS::SQS::Queue':
        return `arn:${partition}:sqs:${region}:${account}:${this.#string(props.QueueName ?? id)}`;
      case 'AWS::SNS::Topic':
        return `arn:${partition}:sns:${region}:${account}:${this.#string(props.TopicName ?? id)}`;
      case 'AWS::Lambda::Function':
        return `arn:${partition}:lambda:${region}:${account}:function:${ref()}`;
      case 'AWS::Logs::LogGroup':
        return `arn:${partition}:logs:${region}:${account}:log-group:${ref()}:*`;
      case 'AWS::S3::Bucket':
        return `arn:${partition}:s3:::${ref()}`;
      case 'AWS::CodeBuild::Project':
        return `arn:${partition}:codebuild:${region}:${account}:project/${ref()}`;
      case 'AWS::CodeStarConnections::Connection':
        return `arn:${partition}:codestar-connections:${region}:${account}:connection/${id.toLowerCase()}`;
      default:
        throw new UnresolvableError(`no Arn for ${resource.Type} ${id}`);
    }
  }

  condition(name: string): boolean {
    const conditions = (this.#template.Conditions ?? {}) as Record<string, Json>;
    if (!(name in conditions)) throw new UnresolvableError(`no condition ${name}`);
    return this.#truth(conditions[name] as Json);
  }

  resolve(value: Json): Json {
    const resolved = this.#resolve(value);
    if (resolved === NO_VALUE) throw new UnresolvableError('AWS::NoValue at the top level');
    return resolved;
  }

  #resource(id: string): ResourceJson {
    const found = this.#resources[id];
    if (!found) throw new UnresolvableError(`no resource or parameter ${id}`);
    return found;
  }

  #string(value: Json): string {
    const resolved = this.resolve(value);
    if (typeof resolved !== 'string') throw new UnresolvableError(`not a string: ${JSON.stringify(value)}`);
    return resolved;
  }

  #truth(value: Json): boolean {
    if (typeof value === 'boolean') return value;
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw new UnresolvableError(`not a condition: ${JSON.stringify(value)}`);
    const [fn, args] = Object.entries(value)[0] ?? [];
    const list = Array.isArray(args) ? args : [];
    switch (fn) {
      case 'Fn::Equals':
        return (
          JSON.stringify(this.resolve(list[0] ?? null)) === JSON.stringify(this.resolve(list[1] ?? null))
        );
      case 'Fn::Not':
        return !this.#truth(list[0] ?? null);
      case 'Fn::And':
        return list.every((c) => this.#truth(c));
      case 'Fn::Or':
        return list.some((c) => this.#truth(c));
      case 'Condition':
        return this.condition(String(args));
      default:
        throw new UnresolvableError(`not a condition function: ${fn}`);
    }
  }

  #sub(text: string, variables: Record<string, Json>): string {
    return text.replace(/\$\{(!?)([^}]+)\}/g, (_match, literal: string, name: string) => {
      if (literal) return `\${${name}}`;
      if (name in variables) return this.#string(variables[name] as Json);
      const dot = name.indexOf('.');
      if (dot > 0 && !name.startsWith('AWS::')) {
        const attribute = name.slice(dot + 1);
        if (attribute !== 'Arn') throw new UnresolvableError(`Sub attribute ${name}`);
        return this.arn(name.slice(0, dot));
      }
      return this.ref(name);
    });
  }

  #resolve(value: Json): Resolved {
    if (Array.isArray(value))
      return value.map((item) => this.#resolve(item)).filter((item): item is Json => item !== NO_VALUE);
    if (value === null || typeof value !== 'object') return value;
    const keys = Object.keys(value);
    const [only] = keys;
    if (keys.length === 1 && only !== undefined && (only === 'Ref' || only.startsWith('Fn::'))) {
      const args = value[only] as Json;
      const list = Array.isArray(args) ? args : [];
      switch (only) {
        case 'Ref':
          return args === 'AWS::NoValue' ? NO_VALUE : this.ref(String(args));
        case 'Fn::GetAtt': {
          const [id, attribute] = Array.isArray(args) ? args.map(String) : String(args).split('.');
          if (attribute !== 'Arn') throw new UnresolvableError(`GetAtt ${id}.${attribute}`);
          return this.arn(String(id));
        }
        case 'Fn::Sub':
          return typeof args === 'string'
            ? this.#sub(args, {})
            : this.#sub(String(list[0]), (list[1] ?? {}) as Record<string, Json>);
        case 'Fn::FindInMap': {
          const [map, key, attribute] = list.map((item) => this.#string(item));
          const mappings = (this.#template.Mappings ?? {}) as Record<
            string,
            Record<string, Record<string, Json>>
          >;
          const found = mappings[String(map)]?.[String(key)]?.[String(attribute)];
          if (found === undefined) throw new UnresolvableError(`no mapping ${map}.${key}.${attribute}`);
          return found;
        }
        case 'Fn::If':
          return this.#truth({ Condition: String(list[0]) })
            ? this.#resolve(list[1] ?? null)
            : this.#resolve(list[2] ?? null);
        case 'Fn::Join':
          return (this.resolve(list[1] ?? []) as Json[]).map(String).join(String(list[0]));
        case 'Fn::Select':
          return (this.resolve(list[1] ?? []) as Json[])[Number(this.resolve(list[0] ?? 0))] ?? null;
        case 'Fn::Split':
          return this.#string(list[1] ?? '').split(String(list[0]));
        default:
          throw new UnresolvableError(`intrinsic ${only} is not supported here`);
      }
    }
    const out: Record<string, Json> = {};
    for (const [key, child] of Object.entries(value)) {
      const resolved = this.#resolve(child);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }
}
