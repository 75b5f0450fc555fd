/**
 * The rollout's decisions, as pure functions of what AWS reported and what is wanted: create or
 * update the StackSet or leave it, and which regions still need an instance. A rerun with nothing
 * changed plans no operation at all.
 */

import { isDeepStrictEqual } from 'node:util';
import type { Parameter, StackInstanceSummary, StackSet } from '@aws-sdk/client-cloudformation';

export interface DesiredStackSet {
  name: string;
  /** The template as an object: compared by content, not by bytes or key order. */
  template: unknown;
  parameters: Record<string, string>;
  administrationRoleArn: string;
  executionRoleName: string;
  account: string;
  regions: readonly string[];
}

export type StackSetAction = 'create' | 'update' | 'none';

export interface RolloutPlan {
  stackSet: StackSetAction;
  /** Why the StackSet is created or updated, for the reader. */
  reasons: string[];
  /** Regions to add an instance in. */
  createInstancesIn: string[];
  /** Regions whose instance exists but is not CURRENT (a failed or stopped earlier operation). */
  outdated: string[];
}

export function parameterMap(parameters: readonly Parameter[] | undefined): Record<string, string> {
  return Object.fromEntries((parameters ?? []).map((p) => [p.ParameterKey ?? '', p.ParameterValue ?? '']));
}

/** Human-readable parameter differences, `Key: old → new`. */
export function parameterChanges(before: Record<string, string>, after: Record<string, string>): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys
    .filter((key) => before[key] !== after[key])
    .map((key) => `parameter ${key}: ${before[key] ?? '(unset)'} → ${after[key] ?? '(unset)'}`);
}

/**
 * Parameter values as the stack sees them: the template's defaults, then the given values.
 * CloudFormation reports defaulted parameters too (moto always, AWS for stacks), so given values
 * alone would never compare equal.
 */
export function effectiveParameters(
  template: unknown,
  given: Record<string, string>,
): Record<string, string> {
  const declared =
    (template as { Parameters?: Record<string, { Default?: unknown }> } | undefined)?.Parameters ?? {};
  const defaults = Object.entries(declared)
    .filter(([, p]) => p.Default !== undefined)
    .map(([key, p]) => [key, String(p.Default)]);
  return { ...Object.fromEntries(defaults), ...given };
}

function parseBody(body: string | undefined): unknown {
  try {
    return body ? JSON.parse(body) : undefined;
  } catch {
    return undefined;
  }
}

export function planRollout(
  desired: DesiredStackSet,
  existing: StackSet | undefined,
  instances: readonly StackInstanceSummary[],
): RolloutPlan {
  const ours = instances.filter((i) => i.Account === desired.account);
  const present = new Set(ours.map((i) => i.Region ?? ''));
  const createInstancesIn = desired.regions.filter((region) => !present.has(region));
  const outdated = ours
    .filter((i) => desired.regions.includes(i.Region ?? '') && i.Status !== 'CURRENT')
    .map((i) => i.Region ?? '');
  if (!existing) {
    return { stackSet: 'create', reasons: ['the StackSet does not exist'], createInstancesIn, outdated: [] };
  }
  const reasons: string[] = [];
  const current = parseBody(existing.TemplateBody);
  if (!isDeepStrictEqual(current, desired.template)) reasons.push('the template changed');
  reasons.push(
    ...parameterChanges(
      effectiveParameters(current, parameterMap(existing.Parameters)),
      effectiveParameters(desired.template, desired.parameters),
    ),
  );
  if (existing.AdministrationRoleARN !== desired.administrationRoleArn)
    reasons.push(`administration role: ${existing.AdministrationRoleARN} → ${desired.administrationRoleArn}`);
  if (existing.ExecutionRoleName !== desired.executionRoleName)
    reasons.push(`execution role: ${existing.ExecutionRoleName} → ${desired.executionRoleName}`);
  for (const region of outdated) reasons.push(`the instance in ${region} is not CURRENT`);
  return { stackSet: reasons.length > 0 ? 'update' : 'none', reasons, createInstancesIn, outdated };
}

export function isNoOp(plan: RolloutPlan): boolean {
  return plan.stackSet === 'none' && plan.createInstancesIn.length === 0;
}
