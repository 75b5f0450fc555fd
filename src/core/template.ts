/**
 * Template assembly: a typed builder over cloudform's resource classes.
 *
 * The builder owns logical ids (unique, alphanumeric), applies the standard tag set to every
 * taggable resource, keeps console labels for parameters, and checks on `build()` that every
 * Ref, GetAtt, Sub variable, DependsOn and Condition names something the template declares.
 */
import {
  type CreationPolicy,
  Fn,
  type IntrinsicFunction,
  type ResourceBase,
  type Template,
  type Condition as TemplateCondition,
  type UpdatePolicy,
} from 'cloudform-types';
import type { DeletionPolicyValue, UpdateReplacePolicyValue } from './extensions.js';
import type { ResourceAttributes } from './generated/resource-attributes.js';
import { type ParameterConstraints, parameterViolation } from './parameters.js';
import { type Suppression, suppressionMetadata } from './suppressions.js';
import { type TagEntry, type TagSet, tagResource } from './tags.js';

type Parameter = NonNullable<Template['Parameters']>[string];
type Output = NonNullable<Template['Outputs']>[string];

/** The JSON document a template becomes: plain data, no classes. */
export interface TemplateDocument {
  AWSTemplateFormatVersion: '2010-09-09';
  Description: string;
  Metadata?: Record<string, unknown>;
  Parameters?: Record<string, unknown>;
  Mappings?: Record<string, unknown>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, unknown>;
  Outputs?: Record<string, unknown>;
}

export interface ResourceOptions {
  dependsOn?: readonly Reference[];
  deletionPolicy?: DeletionPolicyValue;
  updateReplacePolicy?: UpdateReplacePolicyValue;
  condition?: string;
  metadata?: Record<string, unknown>;
  /** Justified exceptions to security checks, recorded in the resource's Metadata. */
  suppressions?: readonly Suppression[];
  updatePolicy?: UpdatePolicy;
  creationPolicy?: CreationPolicy;
  /** For a type whose tags carry more than a key and a value: how one tag is written. */
  tagEntry?: TagEntry;
}

/**
 * The attribute names `Fn::GetAtt` accepts for resource type `T` (generated from the resource
 * schemas), or none when `T` is not one literal type. A custom resource's attributes are whatever
 * its handler returns, so any name.
 */
export type AttributeOf<T extends string> = T extends `Custom::${string}`
  ? string
  : ResourceAttributes[T & keyof ResourceAttributes];

/**
 * A declared resource or parameter, by logical id. A resource's handle knows its type, so
 * `getAtt` accepts only that type's attribute names: `Handle<'AWS::SQS::Queue'>` takes `'Arn'`,
 * `'QueueUrl'`, `'QueueName'`, … and a misspelling fails to compile. A parameter's handle
 * (a `Reference`) has no attributes.
 *
 * @example
 * const queue = t.resource('Queue', new Queue({}));
 * queue.getAtt('Arn'); // ok
 * queue.getAtt('Arm'); // compile error
 */
export interface Handle<T extends string> extends Reference {
  readonly type: T;
  getAtt(attribute: AttributeOf<T>): IntrinsicFunction;
}

/** Anything a `Ref` or `DependsOn` can name: a parameter, or a resource of any type. */
export interface Reference {
  readonly id: string;
  ref(): IntrinsicFunction;
}

export interface ParameterOptions {
  /** The console label (AWS::CloudFormation::Interface). */
  label: string;
  /** The console group the parameter is shown in. */
  group: string;
}

export interface OutputOptions {
  description: string;
  value: unknown;
  exportName?: IntrinsicFunction | string;
  condition?: string;
}

const LOGICAL_ID = /^[A-Za-z0-9]{1,255}$/;

/** Pseudo parameters a Ref or Sub may name without a declaration. */
const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

/** What the builder imposes on every resource of a kind, so that one added later cannot miss it. */
export interface BuilderPolicies {
  /** The managed policy ARN every `AWS::IAM::Role` of the template carries as its boundary. */
  permissionsBoundary?: IntrinsicFunction | string;
}

export class TemplateError extends Error {
  override name = 'TemplateError';
}

/**
 * Builds one template. `Tags` is the tag set every taggable resource gets, the caller's choice.
 *
 * @example
 * const t = new TemplateBuilder('A queue', { Project: 'Demo', Owner: 'team-a' });
 * const queue = t.resource('Queue', new Queue({}));
 * t.output('QueueArn', { description: 'the queue', value: queue.getAtt('Arn') });
 * const json = toPrettyJson(t.build());
 */
export class TemplateBuilder<Tags extends TagSet = TagSet> {
  readonly #description: string;
  readonly #tags: Tags;
  readonly #parameters = new Map<string, Parameter>();
  readonly #parameterUi = new Map<string, ParameterOptions>();
  readonly #mappings = new Map<string, unknown>();
  readonly #conditions = new Map<string, TemplateCondition>();
  readonly #resources = new Map<string, Record<string, unknown>>();
  readonly #outputs = new Map<string, Record<string, unknown>>();
  readonly #metadata = new Map<string, unknown>();
  readonly #policies: BuilderPolicies;

  constructor(description: string, tags: Tags, policies: BuilderPolicies = {}) {
    this.#description = description;
    this.#tags = tags;
    this.#policies = policies;
  }

  parameter(id: string, parameter: Parameter, ui: ParameterOptions): Reference {
    this.#claim(id);
    checkDefault(id, parameter);
    this.#parameters.set(id, parameter);
    this.#parameterUi.set(id, ui);
    return { id, ref: () => Fn.Ref(id) };
  }

  mapping(id: string, mapping: Record<string, Record<string, string | number | string[]>>): string {
    this.#claim(id);
    this.#mappings.set(id, mapping);
    return id;
  }

  condition(id: string, condition: TemplateCondition): string {
    this.#claim(id);
    this.#conditions.set(id, condition);
    return id;
  }

  /**
   * Adds a resource under `id`, tagged with the stack's tags when its type is taggable. Resource
   * attributes come from `options` or from cloudform's chained setters (`.dependsOn()`,
   * `.deletionPolicy()`, `.metadata()`, `.updatePolicy()`, `.creationPolicy()`, `.condition()`);
   * the two are merged, and a value set both ways differently is a `TemplateError`.
   */
  resource<R extends ResourceBase>(
    id: string,
    resource: R,
    options: ResourceOptions = {},
  ): Handle<R['Type']> {
    this.#claim(id);
    tagResource(resource, this.#tags, options.tagEntry);
    this.#applyBoundary(id, resource);
    const entry: Record<string, unknown> = { Type: resource.Type };
    const one = <V>(name: string, fromOptions: V | undefined, chained: V | undefined): V | undefined => {
      if (
        fromOptions !== undefined &&
        chained !== undefined &&
        JSON.stringify(fromOptions) !== JSON.stringify(chained)
      )
        throw new TemplateError(
          `${id}: ${name} is set twice, differently (resource options and the chained setter)`,
        );
      return fromOptions ?? chained;
    };
    const condition = one('Condition', options.condition, resource.Condition);
    if (condition !== undefined) entry.Condition = condition;
    const chainedDeps = resource.DependsOn === undefined ? [] : [resource.DependsOn].flat();
    for (const dep of chainedDeps)
      if (typeof dep !== 'string')
        throw new TemplateError(`${id}: DependsOn takes logical ids, not ${JSON.stringify(dep)}`);
    const dependsOn = [...(options.dependsOn?.map((d) => d.id) ?? []), ...(chainedDeps as string[])];
    if (dependsOn.length > 0) entry.DependsOn = [...new Set(dependsOn)].sort();
    const attributes: [string, unknown][] = [
      ['CreationPolicy', one('CreationPolicy', options.creationPolicy, resource.CreationPolicy)],
      ['DeletionPolicy', one('DeletionPolicy', options.deletionPolicy, resource.DeletionPolicy)],
      ['UpdatePolicy', one('UpdatePolicy', options.updatePolicy, resource.UpdatePolicy)],
      ['UpdateReplacePolicy', options.updateReplacePolicy],
    ];
    for (const [name, value] of attributes) if (value !== undefined) entry[name] = value;
    const metadata = {
      ...resource.Metadata,
      ...options.metadata,
      ...suppressionMetadata(options.suppressions ?? []),
    };
    if (Object.keys(metadata).length > 0) entry.Metadata = metadata;
    entry.Properties = resource.Properties;
    this.#resources.set(id, entry);
    return handle(id, resource.Type);
  }

  output(id: string, output: OutputOptions): void {
    this.#claim(id);
    const entry: Output & Record<string, unknown> = { Description: output.description, Value: output.value };
    if (output.exportName) entry.Export = { Name: output.exportName };
    if (output.condition) entry.Condition = output.condition;
    this.#outputs.set(id, entry);
  }

  metadata(key: string, value: unknown): void {
    this.#metadata.set(key, value);
  }

  /** Logical ids of the resources declared so far, in declaration order. */
  resourceIds(): string[] {
    return [...this.#resources.keys()];
  }

  build(): TemplateDocument {
    const doc: TemplateDocument = {
      AWSTemplateFormatVersion: '2010-09-09',
      Description: this.#description,
      Resources: {},
    };
    const metadata = Object.fromEntries(this.#metadata);
    if (this.#parameters.size > 0) metadata['AWS::CloudFormation::Interface'] = this.#interface();
    if (Object.keys(metadata).length > 0) doc.Metadata = metadata;
    if (this.#parameters.size > 0) doc.Parameters = Object.fromEntries(this.#parameters);
    if (this.#mappings.size > 0) doc.Mappings = Object.fromEntries(this.#mappings);
    if (this.#conditions.size > 0) doc.Conditions = Object.fromEntries(this.#conditions);
    doc.Resources = Object.fromEntries(this.#resources);
    if (this.#outputs.size > 0) doc.Outputs = Object.fromEntries(this.#outputs);
    // Round-trip through JSON so that cloudform's intrinsic classes become plain data.
    const plain = JSON.parse(JSON.stringify(doc)) as TemplateDocument;
    this.#checkReferences(plain);
    return plain;
  }

  #interface(): Record<string, unknown> {
    const groups = new Map<string, string[]>();
    const labels: Record<string, { default: string }> = {};
    for (const [id, ui] of this.#parameterUi) {
      const members = groups.get(ui.group) ?? [];
      members.push(id);
      groups.set(ui.group, members);
      labels[id] = { default: ui.label };
    }
    return {
      ParameterGroups: [...groups].map(([label, parameters]) => ({
        Label: { default: label },
        Parameters: parameters,
      })),
      ParameterLabels: labels,
    };
  }

  #applyBoundary(id: string, resource: ResourceBase): void {
    const boundary = this.#policies.permissionsBoundary;
    if (boundary === undefined || resource.Type !== 'AWS::IAM::Role') return;
    const properties = resource.Properties as { PermissionsBoundary?: unknown };
    const own = properties.PermissionsBoundary;
    if (own !== undefined && JSON.stringify(own) !== JSON.stringify(boundary)) {
      throw new TemplateError(`${id}: a role of this template may carry no other permissions boundary`);
    }
    properties.PermissionsBoundary = boundary;
  }

  #claim(id: string): void {
    if (!LOGICAL_ID.test(id)) throw new TemplateError(`logical id "${id}" must be 1-255 letters or digits`);
    const taken =
      this.#parameters.has(id) ||
      this.#mappings.has(id) ||
      this.#conditions.has(id) ||
      this.#resources.has(id) ||
      this.#outputs.has(id);
    if (taken) throw new TemplateError(`logical id "${id}" is declared twice`);
  }

  #checkReferences(doc: TemplateDocument): void {
    const refable = new Set([...this.#parameters.keys(), ...this.#resources.keys(), ...PSEUDO_PARAMETERS]);
    const problems: string[] = [];
    const need = (set: Set<string>, name: string, where: string, what: string) => {
      if (!set.has(name)) problems.push(`${where}: ${what} "${name}" is not declared`);
    };
    const conditions = new Set(this.#conditions.keys());
    const resources = new Set(this.#resources.keys());
    const mappings = new Set(this.#mappings.keys());
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) {
        for (const item of node) walk(item, where);
        return;
      }
      if (node === null || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'Ref' && typeof value === 'string') need(refable, value, where, 'Ref target');
        else if (key === 'Fn::GetAtt' && Array.isArray(value))
          need(resources, String(value[0]), where, 'GetAtt target');
        else if (key === 'Fn::FindInMap' && Array.isArray(value))
          need(mappings, String(value[0]), where, 'mapping');
        else if (key === 'Fn::If' && Array.isArray(value))
          need(conditions, String(value[0]), where, 'condition');
        else if (key === 'Condition' && typeof value === 'string')
          need(conditions, value, where, 'condition');
        else if (key === 'Fn::Sub') {
          const [text, vars] = Array.isArray(value) ? value : [value, {}];
          for (const match of String(text).matchAll(/\$\{([^!}][^}]*)\}/g)) {
            const name = (match[1] ?? '').split('.')[0] ?? '';
            if (!(vars && name in vars)) need(refable, name, where, 'Sub variable');
          }
        }
        walk(value, where);
      }
    };
    for (const [id, resource] of Object.entries(doc.Resources)) {
      walk(resource, id);
      const deps = (resource as { DependsOn?: string[] }).DependsOn ?? [];
      for (const dep of deps) need(resources, dep, id, 'DependsOn target');
    }
    walk(doc.Outputs, 'Outputs');
    walk(doc.Conditions, 'Conditions');
    if (problems.length > 0) throw new TemplateError(`unresolved references:\n  ${problems.join('\n  ')}`);
  }
}

/**
 * A parameter's Default must satisfy the parameter's own constraints, or CloudFormation refuses
 * the stack only at deploy time (the console shows the default and cannot submit it).
 */
function checkDefault(id: string, parameter: Parameter): void {
  const value: unknown = parameter.Default;
  if (value === undefined) return;
  const why = parameterViolation(parameter as ParameterConstraints, String(value));
  if (why) throw new TemplateError(`parameter ${id}: its default ${JSON.stringify(value)} ${why}`);
}

function handle<T extends string>(id: string, type: T): Handle<T> {
  return {
    id,
    type,
    ref: () => Fn.Ref(id),
    getAtt: (attribute: AttributeOf<T>) => Fn.GetAtt(id, attribute),
  };
}
