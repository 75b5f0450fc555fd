/**
 * `npm run pipeline -- start|status|watch [--name <pipeline>] [--environment-suffix <s>]`
 * The pipeline is `servapp-<suffix>-pipeline` (the suffix of src/environments.ts by default) unless --name says otherwise.
 * `start` starts an execution and follows it.
 */
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { pipelineSettings } from '../src/config';
import { NAME_PREFIX } from '../src/conventions';
import environments from '../src/environments';
import { defineCommand, runMain, UsageError } from './cli/args';
import { start, status, watch } from './pipeline/commands';
import { sleep } from './rollout/retry';

/** The pipeline stack's suffix in the configuration. */
const PIPELINE_SUFFIX = pipelineSettings(environments).suffix;

const PIPELINE = defineCommand({
  name: 'pipeline',
  usage: `usage: npm run pipeline -- <command> [options]
commands:
  start     start an execution and follow it to the end
  status    the stages of the latest execution
  watch     follow the latest execution to the end
options:
  --name <pipeline>          the pipeline (default servapp-<suffix>-pipeline)
  --environment-suffix <s>   the suffix in the default name (default ${PIPELINE_SUFFIX}, from src/environments.ts)
  -h, --help                 this help
exit codes: 0 ok, 1 the execution failed or the call was refused, 2 usage`,
  maxPositionals: 1,
  options: {
    name: { type: 'string' },
    'environment-suffix': { type: 'string', default: PIPELINE_SUFFIX },
  },
});

async function main(): Promise<number> {
  const { values, positionals } = PIPELINE.parse(process.argv.slice(2));
  const [command] = positionals;
  if (command !== 'start' && command !== 'status' && command !== 'watch')
    throw new UsageError(command ? `unknown command ${command}` : 'which command? start, status or watch');
  const name = values.name ?? `${NAME_PREFIX}-${values['environment-suffix']}-pipeline`;
  const deps = {
    client: new CodePipelineClient({}),
    write: (line: string) => console.log(line),
    sleep,
    pollMs: 10_000,
  };
  if (command === 'start') return watch(name, deps, await start(name, deps));
  if (command === 'status') return status(name, deps);
  return watch(name, deps);
}

// Exits with the code: the SDK client's open sockets would otherwise keep the process alive.
await runMain(PIPELINE, main, { exit: true });
