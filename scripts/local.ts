/**
 * `npm run local [-- --port N] [--auth none|iam|api-key] [--env name]`: the whole pipeline on this machine, behind the same
 * contract and with the same bundles as the deployed stack. Runs until interrupted.
 *
 * The servers are provisioned and the bundles built here, after the options are read, so that
 * --help and a usage error answer at once instead of after a MinIO build.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import environments from '../src/environments';
import { buildLambdas } from './build-lambdas';
import { choice, defineCommand, describeError, integer, runMain } from './cli/args';
import { REPO_ROOT } from './local/paths';
import { LOCAL_CREDENTIALS } from './local/sigv4';
import { LOCAL_AUTH_MODES, startLocalStack } from './local/stack';

const LOCAL = defineCommand({
  name: 'local',
  usage: `usage: npm run local [-- --port N] [--auth none|iam|api-key] [--env name]
Serves the ServApp API on this machine: DynamoDB Local, ElasticMQ and MinIO (provisioned into .tools/ on first
use), the built function bundles and a local gateway. Runs until interrupted.
  --port N                  the API's port, 0 for any free one (default 3000)
  --auth none|iam|api-key   iam: requests must be SigV4-signed with the printed local credentials;
                            api-key: requests carry the printed key in x-api-key (default none)
  --env <name>              the environment whose template the stack follows (default dev)
  -h, --help                this help
exit codes: 0 stopped by a signal, 1 could not start, 2 usage`,
  options: {
    port: { type: 'string', default: '3000' },
    auth: { type: 'string', default: 'none' },
    env: { type: 'string', default: 'dev' },
  },
});

async function main(): Promise<undefined> {
  const { values } = LOCAL.parse(process.argv.slice(2));
  const port = integer('--port', values.port, { min: 0, max: 65535 });
  const auth = choice('--auth', values.auth, LOCAL_AUTH_MODES);
  const environment = choice('--env', values.env, Object.keys(environments.environments));

  // Progress of provisioning goes to stderr: stdout carries only the API's URL.
  const provision = spawnSync(
    'bash',
    [join(REPO_ROOT, 'scripts', 'provision-tools.sh'), 'dynamodb-local', 'elasticmq', 'minio'],
    {
      stdio: ['ignore', 2, 2],
    },
  );
  if (provision.status !== 0)
    throw new Error(`provisioning DynamoDB Local, ElasticMQ and MinIO failed (exit ${provision.status})`);
  await buildLambdas();

  const stack = await startLocalStack({
    port,
    auth,
    environment,
    log: (line) => console.error(`local: ${line}`),
  });
  console.error(
    `local: DynamoDB Local ${stack.endpoints.dynamodb}, MinIO ${stack.endpoints.s3}, ElasticMQ ${stack.endpoints.sqs}`,
  );
  console.error(`local: parts past their last receive go to ${stack.partsQueues.deadLetterQueueUrl}`);
  console.error(`local: dead-lettered processor events go to ${stack.deadLetterFile}`);
  if (auth === 'iam') {
    console.error(
      `local: requests must be SigV4-signed (region us-east-1) with AWS_ACCESS_KEY_ID=${LOCAL_CREDENTIALS.accessKeyId} AWS_SECRET_ACCESS_KEY=${LOCAL_CREDENTIALS.secretAccessKey}`,
    );
  }
  if (stack.apiKey)
    console.error(
      `local: requests must carry x-api-key: ${stack.apiKey} (servapp --api-key, or SERVAPP_API_KEY)`,
    );
  console.log(`ServApp local API: ${stack.url}`);
  const shutdown = async () => {
    console.error('local: stopping');
    await stack.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return undefined;
}

await runMain(LOCAL, main, {
  failure: (error) => ({ code: 1, message: `could not start: ${describeError(error)}` }),
});
