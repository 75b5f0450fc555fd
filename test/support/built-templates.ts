/**
 * The templates as the library builds them, in memory, from the project's environments: the one
 * place the security suite gets them from, so a change in where templates are written or how an
 * environment is configured touches this file only.
 */
import { bootstrapTemplate } from '../../src/bootstrap';
import { environmentTemplate, pipelineSettings } from '../../src/config';
import type { TemplateDocument } from '../../src/core/template';
import environments from '../../src/environments';
import { pipelineTemplate } from '../../src/pipeline';

export interface BuiltTemplates {
  /** The regional template of the dev environment, and of prod (provisioned capacity, retention). */
  dev: TemplateDocument;
  prod: TemplateDocument;
  bootstrap: TemplateDocument;
  pipeline: TemplateDocument;
}

export function builtTemplates(): BuiltTemplates {
  return {
    dev: environmentTemplate(environments, 'dev'),
    prod: environmentTemplate(environments, 'prod'),
    bootstrap: bootstrapTemplate(),
    pipeline: pipelineTemplate(pipelineSettings(environments)),
  };
}

/** A deep copy to mutate: the mutation tests change one statement and keep the rest as built. */
export function copyTemplates(templates: BuiltTemplates): BuiltTemplates {
  return structuredClone(templates);
}
