/**
 * Creates or updates one plain stack and waits for it. Unchanged template and parameters: no
 * update is attempted, so rerunning the bootstrap is a no-op.
 */

import { isDeepStrictEqual } from 'node:util';
import {
  Capability,
  type CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  type Stack,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { toParameterList } from '../rollout/parameters';
import { effectiveParameters, parameterMap } from '../rollout/plan';

export interface StackRequest {
  name: string;
  /** Minified template JSON, sent inline (the bootstrap template is far below the 51,200-byte limit). */
  body: string;
  parameters: Record<string, string>;
}

export interface StackResult {
  action: 'created' | 'updated' | 'unchanged';
  status: string;
  reason?: string;
  outputs: Record<string, string>;
}

const IN_PROGRESS = /_IN_PROGRESS$/;
const GOOD = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE']);

export class StackDeployError extends Error {
  override name = 'StackDeployError';
}

async function describe(cf: CloudFormationClient, name: string): Promise<Stack | undefined> {
  try {
    return (await cf.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
  } catch (error) {
    if (/does not exist/.test((error as Error).message)) return undefined;
    throw error;
  }
}

async function unchanged(cf: CloudFormationClient, stack: Stack, request: StackRequest): Promise<boolean> {
  const { TemplateBody } = await cf.send(new GetTemplateCommand({ StackName: request.name }));
  let current: unknown;
  try {
    current = JSON.parse(TemplateBody ?? '');
  } catch {
    return false;
  }
  const wanted = JSON.parse(request.body);
  return (
    isDeepStrictEqual(current, wanted) &&
    isDeepStrictEqual(
      effectiveParameters(current, parameterMap(stack.Parameters)),
      effectiveParameters(wanted, request.parameters),
    )
  );
}

export async function deployStack(
  cf: CloudFormationClient,
  request: StackRequest,
  wait: { pollMs: number; sleep: (ms: number) => Promise<void> },
): Promise<StackResult> {
  const existing = await describe(cf, request.name);
  const input = {
    StackName: request.name,
    TemplateBody: request.body,
    Parameters: toParameterList(request.parameters),
    Capabilities: [Capability.CAPABILITY_NAMED_IAM],
  };
  let action: StackResult['action'];
  if (
    existing &&
    !/ROLLBACK_COMPLETE$|^ROLLBACK_FAILED$/.test(existing.StackStatus ?? '') &&
    !IN_PROGRESS.test(existing.StackStatus ?? '')
  ) {
    if (await unchanged(cf, existing, request)) {
      return { action: 'unchanged', status: existing.StackStatus ?? 'UNKNOWN', outputs: outputs(existing) };
    }
    await cf.send(new UpdateStackCommand(input));
    action = 'updated';
  } else if (existing && existing.StackStatus === 'ROLLBACK_COMPLETE') {
    throw new StackDeployError(
      `${request.name} is in ROLLBACK_COMPLETE (its creation failed): delete it, then run the bootstrap again`,
    );
  } else if (existing) {
    throw new StackDeployError(
      `${request.name} is ${existing.StackStatus}: wait for it, then run the bootstrap again`,
    );
  } else {
    await cf.send(new CreateStackCommand({ ...input, EnableTerminationProtection: true }));
    action = 'created';
  }
  for (;;) {
    const stack = await describe(cf, request.name);
    const status = stack?.StackStatus ?? 'UNKNOWN';
    if (!IN_PROGRESS.test(status)) {
      const result: StackResult = { action, status, outputs: stack ? outputs(stack) : {} };
      if (stack?.StackStatusReason) result.reason = stack.StackStatusReason;
      if (!GOOD.has(status))
        throw new StackDeployError(`${request.name}: ${status}${result.reason ? ` (${result.reason})` : ''}`);
      return result;
    }
    await wait.sleep(wait.pollMs);
  }
}

function outputs(stack: Stack): Record<string, string> {
  return Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
}
