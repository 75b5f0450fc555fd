import {
  CodePipelineClient,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListActionExecutionsCommand,
  StartPipelineExecutionCommand,
} from '@aws-sdk/client-codepipeline';
import { mockClient } from 'aws-sdk-client-mock';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { start, status, watch } from '../../scripts/pipeline/commands';

const test = suite('npm run pipeline: start, status, watch with failed-action summaries');
let mock = mockClient(CodePipelineClient);
mock.restore();
let lines: string[] = [];
const deps = () => ({
  client: new CodePipelineClient({ region: 'us-east-1' }),
  write: (line: string) => void lines.push(line),
  sleep: async () => undefined,
  pollMs: 1,
});
const state = (build: string) => ({
  pipelineVersion: 3,
  stageStates: [
    { stageName: 'Source', latestExecution: { pipelineExecutionId: 'e-1', status: 'Succeeded' as const } },
    {
      stageName: 'Build',
      latestExecution: { pipelineExecutionId: 'e-1', status: build as 'InProgress' },
      actionStates: [{ actionName: 'Build', latestExecution: { status: build as 'InProgress' } }],
    },
  ],
});

test.before(() => {
  mock = mockClient(CodePipelineClient);
});
test.after(() => mock.restore());
test.before.each(() => {
  mock.reset();
  lines = [];
});

test('start returns the execution id; status lists each stage and action', async () => {
  mock.on(StartPipelineExecutionCommand).resolves({ pipelineExecutionId: 'e-1' });
  mock.on(GetPipelineStateCommand).resolves(state('InProgress'));
  assert.is(await start('servapp-dev-pipeline', deps()), 'e-1');
  assert.is(mock.commandCalls(StartPipelineExecutionCommand)[0]?.args[0].input.name, 'servapp-dev-pipeline');
  assert.is(await status('servapp-dev-pipeline', deps()), 0);
  assert.match(lines.join('\n'), /Build\s+InProgress\s+Build: InProgress/);
});

test('watch follows the latest execution to success (exit 0), printing only changes', async () => {
  mock
    .on(GetPipelineStateCommand)
    .resolvesOnce(state('InProgress'))
    .resolvesOnce(state('InProgress'))
    .resolves(state('Succeeded'));
  mock
    .on(GetPipelineExecutionCommand)
    .resolvesOnce({ pipelineExecution: { status: 'InProgress' } })
    .resolvesOnce({ pipelineExecution: { status: 'InProgress' } })
    .resolves({ pipelineExecution: { status: 'Succeeded' } });
  assert.is(await watch('p', deps()), 0);
  assert.is(lines.filter((l) => l.startsWith('p execution e-1')).length, 2);
  assert.is(lines.at(-1), 'execution e-1: Succeeded');
});

test('a failed execution exits 1 and prints each failed action with its summary', async () => {
  mock.on(GetPipelineStateCommand).resolves(state('Failed'));
  mock.on(GetPipelineExecutionCommand).resolves({ pipelineExecution: { status: 'Failed' } });
  mock.on(ListActionExecutionsCommand).resolves({
    actionExecutionDetails: [
      { stageName: 'Source', actionName: 'Source', status: 'Succeeded' },
      {
        stageName: 'Deploy',
        actionName: 'Deploy',
        status: 'Failed',
        output: {
          executionResult: {
            externalExecutionSummary: 'rollout FAILED: us-west-2',
            externalExecutionUrl: 'https://logs',
          },
        },
      },
    ],
  });
  assert.is(await watch('p', deps(), 'e-1'), 1);
  assert.ok(lines.includes('  Deploy/Deploy failed: rollout FAILED: us-west-2 (https://logs)'));
  assert.not.ok(lines.some((l) => l.includes('Source/Source failed')));
});

test.run();
