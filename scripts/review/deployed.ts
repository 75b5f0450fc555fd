/**
 * The review of a rollout against what a StackSet runs now: its TemplateBody and parameter values
 * from DescribeStackSet (StackSets have no change sets, so this is the only "before" there is).
 */
import {
  type CloudFormationClient,
  DescribeStackSetCommand,
  type StackSet,
} from '@aws-sdk/client-cloudformation';
import { parameterMap } from '../rollout/plan';
import { isRecord } from './json';
import type { Review, TemplateBody } from './model';
import { reviewChanges } from './review';

export async function describeStackSet(
  cf: CloudFormationClient,
  name: string,
): Promise<StackSet | undefined> {
  try {
    return (await cf.send(new DescribeStackSetCommand({ StackSetName: name })))?.StackSet;
  } catch (error) {
    if ((error as Error).name === 'StackSetNotFoundException') return undefined;
    throw error;
  }
}

function parseTemplate(body: string | undefined, name: string): TemplateBody {
  const parsed: unknown = body ? JSON.parse(body) : {};
  if (!isRecord(parsed)) throw new Error(`the StackSet ${name}'s template is not a JSON object`);
  return parsed;
}

/** `existing` undefined: nothing deployed yet, everything is added. */
export function reviewAgainstStackSet(
  name: string,
  existing: StackSet | undefined,
  desired: { template: TemplateBody; parameters: Record<string, string>; label: string },
): Review {
  return reviewChanges({
    title: existing
      ? `StackSet ${name} as deployed → ${desired.label}`
      : `StackSet ${name} (not deployed yet) → ${desired.label}`,
    before: existing ? parseTemplate(existing.TemplateBody, name) : {},
    after: desired.template,
    parameters: {
      before: existing ? parameterMap(existing.Parameters) : undefined,
      after: desired.parameters,
    },
  });
}
