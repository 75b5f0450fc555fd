/**
 * The per-region summary printed at the end of every rollout, changed or not: the instance's
 * status and reason, and its stack's outputs (the API endpoint first).
 */
import {
  type CloudFormationClient,
  DescribeStacksCommand,
  ListStackInstancesCommand,
  type StackInstanceSummary,
} from '@aws-sdk/client-cloudformation';
import { REGIONAL_OUTPUTS } from '../../src/conventions';

export interface RegionSummary {
  region: string;
  status: string;
  detailedStatus?: string;
  reason?: string;
  outputs: Record<string, string>;
  /** Why the outputs could not be read, when they could not. */
  outputsUnavailable?: string;
}

export async function listInstances(
  cf: CloudFormationClient,
  stackSet: string,
): Promise<StackInstanceSummary[]> {
  const all: StackInstanceSummary[] = [];
  let token: string | undefined;
  do {
    const page = await cf.send(new ListStackInstancesCommand({ StackSetName: stackSet, NextToken: token }));
    all.push(...(page.Summaries ?? []));
    token = page.NextToken;
  } while (token);
  return all;
}

async function outputsOf(cf: CloudFormationClient, stackId: string): Promise<Record<string, string>> {
  const { Stacks } = await cf.send(new DescribeStacksCommand({ StackName: stackId }));
  return Object.fromEntries(
    (Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']),
  );
}

export async function summarise(
  instances: readonly StackInstanceSummary[],
  regions: readonly string[],
  account: string,
  cfFor: (region: string) => CloudFormationClient,
): Promise<RegionSummary[]> {
  return Promise.all(
    regions.map(async (region) => {
      const instance = instances.find((i) => i.Region === region && i.Account === account);
      if (!instance) return { region, status: 'MISSING', outputs: {} };
      const summary: RegionSummary = { region, status: instance.Status ?? 'UNKNOWN', outputs: {} };
      const detailed = instance.StackInstanceStatus?.DetailedStatus;
      if (detailed) summary.detailedStatus = detailed;
      if (instance.StatusReason) summary.reason = instance.StatusReason;
      try {
        if (!instance.StackId) throw new Error('the instance names no stack');
        summary.outputs = await outputsOf(cfFor(region), instance.StackId);
      } catch (error) {
        summary.outputsUnavailable = (error as Error).message;
      }
      return summary;
    }),
  );
}

export function formatSummary(stackSet: string, summaries: readonly RegionSummary[]): string {
  const lines = [`summary of ${stackSet}:`];
  for (const s of summaries) {
    const detail = s.detailedStatus ? ` / ${s.detailedStatus}` : '';
    lines.push(`  ${s.region.padEnd(16)} ${s.status}${detail}${s.reason ? `  ${s.reason}` : ''}`);
    const keys = Object.keys(s.outputs).sort((a, b) =>
      a === REGIONAL_OUTPUTS.apiEndpoint ? -1 : b === REGIONAL_OUTPUTS.apiEndpoint ? 1 : a < b ? -1 : 1,
    );
    for (const key of keys) lines.push(`    ${key} = ${s.outputs[key]}`);
    if (s.outputsUnavailable) lines.push(`    outputs unavailable: ${s.outputsUnavailable}`);
  }
  return lines.join('\n');
}
