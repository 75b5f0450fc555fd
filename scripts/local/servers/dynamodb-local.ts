/**
 * DynamoDB Local (Maven Central, provisioned by scripts/provision-tools.sh into .tools/), on a
 * free loopback port, in memory. Used by `npm run local` and by the tests.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../paths';
import { freePort, type RunningServer, startProcess, stopProcess, tempDir, waitUntilReady } from './process';

const LIB = join(REPO_ROOT, '.tools', 'dynamodb-local', 'lib');
const MAIN_CLASS = 'software.amazon.dynamodb.services.local.main.ServerRunner';

/** Starts a server; `stop` ends it (it also ends with this process). */
export async function startDynamoDbLocal(): Promise<RunningServer> {
  if (!existsSync(LIB))
    throw new Error(`DynamoDB Local is missing: run "bash scripts/provision-tools.sh dynamodb-local"`);
  const [port, scratch] = await Promise.all([freePort(), tempDir('dynamodb-local')]);
  const server = await startProcess('dynamodb-local', 'java', [
    `-Djava.library.path=${LIB}`,
    // sqlite4java unpacks its native library here; a private folder keeps /tmp clean.
    `-Djava.io.tmpdir=${scratch}`,
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
  return { endpoint, stop: () => stopProcess(server) };
}
