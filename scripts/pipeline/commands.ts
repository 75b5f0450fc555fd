/**
 * `npm run pipeline -- start|status|watch`: start an execution, show the stages of the latest one,
 * or follow it to the end. Failed actions are printed with their summaries; a failed execution
 * exits non-zero.
 */
import {
  type CodePipelineClient,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListActionExecutionsCommand,
  type StageState,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';

export interface PipelineDeps {
  client: CodePipelineClient;
  write: (line: string) => void;
  sleep: (ms: number) => Promise<void>;
  pollMs: number;
}

const FINISHED = new Set(['Succeeded', 'Failed', 'Stopped', 'Superseded', 'Cancelled']);

export function stageLines(stages: readonly StageState[]): string[] {
  return stages.map((stage) => {
    const status = stage.latestExecution?.status ?? 'NotRun';
    const actions = (stage.actionStates ?? [])
      .map((a) => `${a.actionName}: ${a.latestExecution?.status ?? 'NotRun'}`)
      .join(', ');
    return `  ${String(stage.stageName).padEnd(10)} ${status.padEnd(11)} ${actions}`;
  });
}

/** Each failed action of an execution, with its error summary. */
export async function failedActions(
  client: CodePipelineClient,
  name: string,
  executionId: string,
): Promise<string[]> {
  const lines: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListActionExecutionsCommand({
        pipelineName: name,
        filter: { pipelineExecutionId: executionId },
        nextToken: token,
      }),
    );
    for (const action of page.actionExecutionDetails ?? []) {
      if (action.status !== 'Failed') continue;
      const summary =
        action.output?.executionResult?.externalExecutionSummary ??
        action.output?.executionResult?.errorDetails?.message;
      const url = action.output?.executionResult?.externalExecutionUrl;
      lines.push(
        `  ${action.stageName}/${action.actionName} failed: ${summary ?? 'no summary'}${url ? ` (${url})` : ''}`,
      );
    }
    token = page.nextToken;
  } while (token);
  return lines;
}

export async function start(name: string, deps: PipelineDeps): Promise<string> {
  const { pipelineExecutionId } = await deps.client.send(new StartPipelineExecutionCommand({ name }));
  if (!pipelineExecutionId) throw new Error(`${name}: CodePipeline returned no execution id`);
  deps.write(`started ${name} execution ${pipelineExecutionId}`);
  return pipelineExecutionId;
}

export async function status(name: string, deps: PipelineDeps): Promise<number> {
  const state = await deps.client.send(new GetPipelineStateCommand({ name }));
  deps.write(`${name} (version ${state.pipelineVersion ?? '?'}):`);
  for (const line of stageLines(state.stageStates ?? [])) deps.write(line);
  return 0;
}

/** Follows one execution (the latest when none is given) until it finishes. */
export async function watch(name: string, deps: PipelineDeps, executionId?: string): Promise<number> {
  let id = executionId;
  if (!id) {
    const state = await deps.client.send(new GetPipelineStateCommand({ name }));
    id = state.stageStates?.[0]?.latestExecution?.pipelineExecutionId;
    if (!id) throw new Error(`${name} has no execution to watch: start one with npm run pipeline -- start`);
  }
  let last = '';
  for (;;) {
    const [state, execution] = await Promise.all([
      deps.client.send(new GetPipelineStateCommand({ name })),
      deps.client.send(new GetPipelineExecutionCommand({ pipelineName: name, pipelineExecutionId: id })),
    ]);
    const lines = stageLines(state.stageStates ?? []).join('\n');
    if (lines !== last) {
      deps.write(`${name} execution ${id}:`);
      deps.write(lines);
      last = lines;
    }
    const status = execution.pipelineExecution?.status ?? 'Unknown';
    if (FINISHED.has(status)) {
      deps.write(`execution ${id}: ${status}`);
      if (status === 'Succeeded') return 0;
      for (const line of await failedActions(deps.client, name, id)) deps.write(line);
      return 1;
    }
    await deps.sleep(deps.pollMs);
  }
}
