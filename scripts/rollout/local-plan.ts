/**
 * What a dry run can say without asking AWS: where it deploys, the template's size and how it is
 * passed, each bundle's key and hash, and the parameters the rollout sets. Printed before the
 * comparison with the StackSet, so that a dry run without credentials still shows the plan.
 */
import { artifactBucketName, stagedTemplateKey } from '../../src/conventions';
import type { Bundle } from './bundles';
import { INLINE_TEMPLATE_LIMIT } from './template-source';

export interface LocalPlanInput {
  stackSet: string;
  regions: readonly string[];
  homeRegion: string;
  template: { body: string; sha256: string };
  bundles: readonly Bundle[];
  parameters: Record<string, string>;
  artifactBucketPrefix: string;
}

const fmt = (n: number) => n.toLocaleString('en-US');

export function localPlanLines(input: LocalPlanInput): string[] {
  const bytes = Buffer.byteLength(input.template.body);
  const staging =
    bytes <= INLINE_TEMPLATE_LIMIT
      ? `fits the ${fmt(INLINE_TEMPLATE_LIMIT)}-byte inline limit: sent inline (TemplateBody)`
      : `over the ${fmt(INLINE_TEMPLATE_LIMIT)}-byte inline limit: staged in S3 (TemplateURL) as ` +
        `${artifactBucketName(input.artifactBucketPrefix, '<account>', input.homeRegion)}/${stagedTemplateKey(input.stackSet, input.template.sha256)}`;
  const width = Math.max(...input.bundles.map((b) => b.name.length));
  return [
    'local plan:',
    `  StackSet ${input.stackSet}, home region ${input.homeRegion}, instances in ${input.regions.join(', ')}`,
    `  template: ${fmt(bytes)} bytes minified, sha256 ${input.template.sha256}; ${staging}`,
    "  bundles (uploaded to each region's artifact bucket):",
    ...input.bundles.map((b) => `    ${b.name.padEnd(width)}  sha256 ${b.sha256}`),
    "  parameters the rollout sets (the others keep the template's defaults):",
    ...Object.keys(input.parameters)
      .sort()
      .map((key) => `    ${key} = ${input.parameters[key]}`),
  ];
}
