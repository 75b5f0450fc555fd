/**
 * Template assembly: a typed builder over cloudform's resource classes.
 *
 * The builder owns logical ids (unique, alphanumeric), applies the standard tag set to every
 * taggable resource, keeps console labels for parameters, and checks on `build()` that every
 * Ref, GetAtt, Sub variable, DependsOn and Condition names something the template declares.
 */
import {
  Fn,
  type IntrinsicFunction,
  type ResourceBase,
  type Condition as TemplateCondition,
} from 'cloudform-types';
import type Output from 'cloudform-types/types/output';
import type Parameter from 'cloudform-types/types/parameter';
import type { DeletionPolicyValue, UpdateReplacePolicyValue } from './extensions.js';
import { type Suppression, suppressionMetadata } from './suppressions.js';
import { type StandardTags, tagResource } from './tags.js';

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
  dependsOn?: readonly Handle[];
  deletionPolicy?: DeletionPolicyValue;
  updateReplacePolicy?: UpdateReplacePolicyValue;
  condition?: string;
  metadata?: Record<string, unknown>;
  /** Justified exceptions to security checks, recorded in the resource's Metadata. */
  suppressions?: readonly Suppression[];
}

/** A declared resource or parameter, by logical id. */
export interface Handle {
  readonly id: string;
  ref(): IntrinsicFunction;
  getAtt(attribute: string): IntrinsicFunction;
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

export class TemplateError extends Error {
  override name = 'TemplateError';
}

export class TemplateBuilder {
  readonly #description: string;
  readonly #tags: StandardTags;
  readonly #parameters = new Map<string, Parameter>();
  readonly #parameterUi = new Map<string, ParameterOptions>();
  readonly #mappings = new Map<string, unknown>();
  readonly #conditions = new Map<string, TemplateCondition>();
  readonly #resources = new Map<string, Record<string, unknown>>();
  readonly #outputs = new Map<string, Record<string, unknown>>();
  readonly #metadata = new Map<string, unknown>();

  constructor(description: string, tags: StandardTags) {
    this.#description = description;
    this.#tags = tags;
  }

  parameter(id: string, parameter: Parameter, ui: ParameterOptions): Handle {
    this.#claim(id);
    this.#parameters.set(id, parameter);
    this.#parameterUi.set(id, ui);
    return handle(id);
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

  /** Adds a resource under `id`, tagged with the standard tags when its type is taggable. */
  resource(id: string, resource: ResourceBase, options: ResourceOptions = {}): Handle {
    this.#claim(id);
    tagResource(resource, this.#tags);
    const entry: Record<string, unknown> = { Type: resource.Type };
    if (options.condition ?? resource.Condition) entry.Condition = options.condition ?? resource.Condition;
    const dependsOn = options.dependsOn?.map((d) => d.id);
    if (dependsOn && dependsOn.length > 0) entry.DependsOn = [...new Set(dependsOn)].sort();
    if (options.deletionPolicy) entry.DeletionPolicy = options.deletionPolicy;
    if (options.updateReplacePolicy) entry.UpdateReplacePolicy = options.updateReplacePolicy;
    const metadata = { ...options.metadata, ...suppressionMetadata(options.suppressions ?? []) };
    if (Object.keys(metadata).length > 0) entry.Metadata = metadata;
    entry.Properties = resource.Properties;
    this.#resources.set(id, entry);
    return handle(id);
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

function handle(id: string): Handle {
  return {
    id,
    ref: () => Fn.Ref(id),
    getAtt: (attribute: string) => Fn.GetAtt(id, attribute),
  };
}
