/**
 * `npm run diff`: builds the "after" side the way the rollout would, reads the "before" side
 * (files, a git ref, or the deployed StackSet), and prints one review per template.
 */
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { environment, environmentParameters } from '../../src/config';
import { stackSetName } from '../../src/conventions';
import environments from '../../src/environments';
import { TEMPLATE_FILES } from '../../src/templates';
import { environmentTarget } from '../build-lambdas';
import { ensureBundles } from '../rollout/bundles';
import { stackSetParameters } from '../rollout/parameters';
import {
  freshTemplate,
  loadBuiltTemplate,
  loadEnvironmentTemplate,
  refuseOtherEnvironment,
} from '../rollout/template-source';
import { describeStackSet, reviewAgainstStackSet } from './deployed';
import { formatJson, reviewJson } from './format-json';
import { formatMarkdown } from './format-markdown';
import { formatTerminal } from './format-terminal';
import type { Review, TemplateBody } from './model';
import type { DiffOptions, Format } from './options';
import { reviewChanges } from './review';
import { templateAtRef, templateFile } from './sources';

export interface DiffDeps {
  root: string;
  cloudFormation: () => CloudFormationClient;
  /** Progress (bundles being built): stderr, so that stdout carries only the review. */
  log: (line: string) => void;
}

export function formatReviews(reviews: readonly Review[], format: Format): string {
  if (format === 'json')
    return reviews.length === 1 && reviews[0]
      ? formatJson(reviews[0])
      : `${JSON.stringify(reviews.map(reviewJson), null, 2)}\n`;
  const one = format === 'markdown' ? formatMarkdown : formatTerminal;
  return reviews.map(one).join('\n');
}

export async function diffReviews(options: DiffOptions, deps: DiffDeps): Promise<Review[]> {
  const target = options.target;
  if (target.kind === 'files') {
    return [
      reviewChanges({
        title: `${target.before} → ${target.after}`,
        before: templateFile(target.before),
        after: templateFile(target.after),
      }),
    ];
  }
  if (target.kind === 'git') {
    return TEMPLATE_FILES.map(({ file }) => {
      const before = templateAtRef(deps.root, target.ref, file);
      return reviewChanges({
        title: `templates/${file} at ${target.ref}${before ? '' : ' (absent)'} → built from src/`,
        before: before ?? {},
        after: freshTemplate(file) as unknown as TemplateBody,
      });
    });
  }
  // The same inputs as `npm run rollout -- --env <name>`: the environment's template, bundles and values.
  const env = environment(environments, target.environment);
  const name = stackSetName(env.suffix);
  const template = target.templateFile
    ? loadBuiltTemplate(target.templateFile)
    : loadEnvironmentTemplate(deps.root, target.environment, { writeStale: false });
  refuseOtherEnvironment(template, { environment: target.environment, environmentSuffix: env.suffix });
  const bundles = await ensureBundles(deps.root, deps.log, environmentTarget(target.environment));
  const parameters = stackSetParameters(template.document, {
    environmentSuffix: env.suffix,
    artifactBucketPrefix: target.artifactBucketPrefix,
    bundles,
    configParameters: environmentParameters(env),
    overrides: target.parameters,
  });
  const existing = await describeStackSet(deps.cloudFormation(), name);
  return [
    reviewAgainstStackSet(name, existing, {
      template: template.document as unknown as TemplateBody,
      parameters,
      label: `${template.label} with its bundles`,
    }),
  ];
}
