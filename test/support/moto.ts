/**
 * moto server (pinned, scripts/tools/requirements-moto.txt) on a free loopback port, started once
 * per test process through test/support/moto_server.py (which documents its two work-arounds) and
 * killed when the process exits.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startProcess, waitUntilReady } from '../../scripts/local/servers/process';
import { REPO_ROOT } from './paths';

const PYTHON = join(REPO_ROOT, '.tools', 'venv-moto', 'bin', 'python');
const LAUNCHER = join(REPO_ROOT, 'test', 'support', 'moto_server.py');

export const MOTO_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' } as const;
/** moto's fixed account. */
export const MOTO_ACCOUNT = '123456789012';

let started: Promise<string> | undefined;

async function start(): Promise<string> {
  if (!existsSync(PYTHON)) throw new Error('moto is missing: run "bash scripts/provision-tools.sh moto"');
  const port = await freePort();
  const server = await startProcess('moto', PYTHON, [LAUNCHER, '-H', '127.0.0.1', '-p', String(port)]);
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilReady('moto', server, async () => (await fetch(`${endpoint}/moto-api/`)).ok, 60_000);
  return endpoint;
}

/** The endpoint of the shared moto server, e.g. http://127.0.0.1:4567. */
export function motoEndpoint(): Promise<string> {
  started ??= start();
  return started;
}
