/**
 * `npm run pipeline -- start|status|watch [--name <pipeline>] [--environment-suffix <s>]`
 * The pipeline is `servapp-<suffix>-pipeline` (suffix dev by default) unless --name says otherwise.
 * `start` starts an execution and follows it.
 */
import { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { start, status, watch } from './pipeline/commands';
import { parseArgs, single, UsageError } from './rollout/args';
import { sleep } from './rollout/retry';

const USAGE = 'usage: npm run pipeline -- start|status|watch [--name <pipeline>] [--environment-suffix <s>]';

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2), {
    name: { value: true },
    'environment-suffix': { value: true },
  });
  const [command, ...rest] = parsed.positional;
  if (rest.length > 0) throw new UsageError(`unexpected argument ${rest[0]}`);
  const name = single(parsed, 'name') ?? `servapp-${single(parsed, 'environment-suffix') ?? 'dev'}-pipeline`;
  const deps = {
    client: new CodePipelineClient({}),
    write: (line: string) => console.log(line),
    sleep,
    pollMs: 10_000,
  };
  if (command === 'start') return watch(name, deps, await start(name, deps));
  if (command === 'status') return status(name, deps);
  if (command === 'watch') return watch(name, deps);
  throw new UsageError(command ? `unknown command ${command}` : 'which command?');
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    if (error instanceof UsageError) console.error(`${error.message}\n${USAGE}`);
    else console.error(`pipeline: ${error.name}: ${error.message}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
