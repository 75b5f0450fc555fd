/**
 * Template pairs for the change review, built from the library: the regional template with its
 * defaults, and the same with one option or one property changed.
 */

import type { TemplateBody } from '../../scripts/review/model';
import { toPrettyJson } from '../../src/core/emit';
import type { TemplateDocument } from '../../src/core/template';
import { type RegionalStackOptions, regionalTemplate } from '../../src/index';
import { type ResourceJson, resource } from './template';

/** The template as CloudFormation reads it: parsed JSON, free to change in a test. */
export function built(options: RegionalStackOptions = {}): TemplateDocument {
  return JSON.parse(toPrettyJson(regionalTemplate(options))) as TemplateDocument;
}

export function body(template: TemplateDocument): TemplateBody {
  return JSON.parse(JSON.stringify(template)) as TemplateBody;
}

/** A copy of `template` with one resource changed by `edit`. */
export function changed(
  template: TemplateDocument,
  id: string,
  edit: (resource: ResourceJson) => void,
): TemplateDocument {
  const copy = JSON.parse(JSON.stringify(template)) as TemplateDocument;
  edit(resource(copy, id));
  return copy;
}

/** A copy with the logical id `from` renamed to `to`, references included (a refactoring). */
export function renamedId(template: TemplateDocument, from: string, to: string): TemplateDocument {
  const text = JSON.stringify(template)
    .replaceAll(`"${from}"`, `"${to}"`)
    .replaceAll(`\${${from}}`, `\${${to}}`)
    .replaceAll(`\${${from}.`, `\${${to}.`);
  return JSON.parse(text) as TemplateDocument;
}

/** The statement of a role's inline policy with this Sid. */
export function statement(role: ResourceJson, sid: string): { Action: string[] } {
  const found = role.Properties.Policies.flatMap(
    (p: { PolicyDocument: { Statement: { Sid?: string; Action: string[] }[] } }) =>
      p.PolicyDocument.Statement,
  ).find((s: { Sid?: string }) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid}`);
  return found;
}
