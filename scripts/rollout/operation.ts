/**
 * Follows one StackSet operation to its end, showing each region's state as it changes, and
 * returns the per-region results with their status reasons.
 */
import {
  type CloudFormationClient,
  DescribeStackSetOperationCommand,
  ListStackSetOperationResultsCommand,
  type StackSetOperationResultSummary,
} from '@aws-sdk/client-cloudformation';
import type { ProgressDisplay, RegionState } from './progress';

const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'STOPPED']);

export interface OperationOutcome {
  operationId: string;
  status: string;
  statusReason?: string;
  regions: RegionState[];
}

export interface WaitOptions {
  pollMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** Regions the operation touches, shown PENDING until the service reports them. */
  regions: readonly string[];
}

async function results(cf: CloudFormationClient, stackSet: string, operationId: string) {
  const summaries: StackSetOperationResultSummary[] = [];
  let token: string | undefined;
  do {
    const page = await cf.send(
      new ListStackSetOperationResultsCommand({
        StackSetName: stackSet,
        OperationId: operationId,
        NextToken: token,
      }),
    );
    summaries.push(...(page.Summaries ?? []));
    token = page.NextToken;
  } while (token);
  return summaries;
}

export function regionStates(
  regions: readonly string[],
  summaries: readonly StackSetOperationResultSummary[],
): RegionState[] {
  const byRegion = new Map(summaries.map((s) => [s.Region ?? '', s]));
  const all = [...new Set([...regions, ...byRegion.keys()])].filter(Boolean);
  return all.map((region) => {
    const summary = byRegion.get(region);
    const state: RegionState = { region, status: summary?.Status ?? 'PENDING' };
    if (summary?.StatusReason) state.reason = summary.StatusReason;
    return state;
  });
}

export async function waitForOperation(
  cf: CloudFormationClient,
  stackSet: string,
  operationId: string,
  display: ProgressDisplay,
  options: WaitOptions,
): Promise<OperationOutcome> {
  const started = options.now();
  for (;;) {
    const { StackSetOperation: operation } = await cf.send(
      new DescribeStackSetOperationCommand({ StackSetName: stackSet, OperationId: operationId }),
    );
    const status = operation?.Status ?? 'UNKNOWN';
    const states = regionStates(options.regions, await results(cf, stackSet, operationId));
    display.update(states, Math.round((options.now() - started) / 1000));
    if (FINISHED.has(status)) {
      const outcome: OperationOutcome = { operationId, status, regions: states };
      if (operation?.StatusReason) outcome.statusReason = operation.StatusReason;
      return outcome;
    }
    await options.sleep(options.pollMs);
  }
}

/** Failed regions with their reasons; empty when the operation succeeded everywhere. */
export function failures(outcome: OperationOutcome): string[] {
  const failed = outcome.regions
    .filter((r) => r.status !== 'SUCCEEDED')
    .map((r) => `${r.region}: ${r.status}${r.reason ? ` (${r.reason})` : ''}`);
  if (outcome.status !== 'SUCCEEDED' && failed.length === 0)
    failed.push(
      `operation ${outcome.operationId}: ${outcome.status}${outcome.statusReason ? ` (${outcome.statusReason})` : ''}`,
    );
  return failed;
}
