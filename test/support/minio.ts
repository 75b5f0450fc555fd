/**
 * MinIO, the S3 server that enforces presigned POST policies (content-length-range), built from
 * source at a pinned version by scripts/provision-tools.sh. Started once per test process.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startProcess, tempDir, waitUntilReady } from './managed-process';
import { REPO_ROOT } from './paths';

const BINARY = join(REPO_ROOT, '.tools', 'bin', 'minio');

/** Letters and digits only: DynamoDB Local 3 refuses other access key ids, and both servers share them. */
export const MINIO_CREDENTIALS = {
  accessKeyId: 'servapptest',
  secretAccessKey: 'servapptestsecret',
} as const;

let started: Promise<string> | undefined;

async function start(): Promise<string> {
  if (!existsSync(BINARY)) throw new Error(`MinIO is missing: run "bash scripts/provision-tools.sh minio"`);
  const [port, consolePort, dataDir] = await Promise.all([freePort(), freePort(), tempDir('minio')]);
  const server = await startProcess(
    'minio',
    BINARY,
    [
      'server',
      dataDir,
      '--quiet',
      '--address',
      `127.0.0.1:${port}`,
      '--console-address',
      `127.0.0.1:${consolePort}`,
    ],
    {
      ...process.env,
      MINIO_ROOT_USER: MINIO_CREDENTIALS.accessKeyId,
      MINIO_ROOT_PASSWORD: MINIO_CREDENTIALS.secretAccessKey,
      MINIO_BROWSER: 'off',
    },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilReady('MinIO', server, async () => (await fetch(`${endpoint}/minio/health/live`)).ok);
  return endpoint;
}

/** The endpoint of the shared MinIO server, started on first use. */
export function minio(): Promise<string> {
  started ??= start();
  return started;
}
