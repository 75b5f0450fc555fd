/**
 * DynamoDB Local (Maven Central, provisioned by scripts/provision-tools.sh into .tools/), started
 * once per test process on a free loopback port, in memory.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startProcess, waitUntilReady } from './managed-process';
import { REPO_ROOT } from './paths';

const LIB = join(REPO_ROOT, '.tools', 'dynamodb-local', 'lib');
const MAIN_CLASS = 'software.amazon.dynamodb.services.local.main.ServerRunner';

let started: Promise<string> | undefined;

async function start(): Promise<string> {
  if (!existsSync(LIB))
    throw new Error(`DynamoDB Local is missing: run "bash scripts/provision-tools.sh dynamodb-local"`);
  const port = await freePort();
  const server = await startProcess('dynamodb-local', 'java', [
    `-Djava.library.path=${LIB}`,
    '-cp',
    `${LIB}/*`,
    MAIN_CLASS,
    '-inMemory',
    '-sharedDb',
    '-port',
    String(port),
    '-disableTelemetry',
  ]);
  const endpoint = `http://127.0.0.1:${port}`;
  // Any HTTP answer means the server is up; it answers a bare GET with 400.
  await waitUntilReady('DynamoDB Local', server, async () => (await fetch(endpoint)).status > 0);
  return endpoint;
}

/** The endpoint of the shared DynamoDB Local server, started on first use. */
export function dynamoDbLocal(): Promise<string> {
  started ??= start();
  return started;
}
