/**
 * The three templates as the library builds them, in memory: the one place the security suite
 * gets them from, so a change in where templates are written touches this file only.
 */
import { bootstrapTemplate } from '../../src/bootstrap';
import type { TemplateDocument } from '../../src/core/template';
import { pipelineTemplate } from '../../src/pipeline';
import { regionalTemplate } from '../../src/regional';

export interface BuiltTemplates {
  regional: TemplateDocument;
  bootstrap: TemplateDocument;
  pipeline: TemplateDocument;
}

export function builtTemplates(): BuiltTemplates {
  return { regional: regionalTemplate(), bootstrap: bootstrapTemplate(), pipeline: pipelineTemplate() };
}

/** A deep copy to mutate: the mutation tests change one statement and keep the rest as built. */
export function copyTemplates(templates: BuiltTemplates): BuiltTemplates {
  return structuredClone(templates);
}
