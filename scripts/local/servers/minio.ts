/**
 * MinIO, the S3 server that enforces presigned POST policies (content-length-range), built from
 * source at a pinned version by scripts/provision-tools.sh. Used by `npm run local` and the tests.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../paths';
import { freePort, type RunningServer, startProcess, stopProcess, tempDir, waitUntilReady } from './process';

const BINARY = join(REPO_ROOT, '.tools', 'bin', 'minio');

export interface MinioOptions {
  /** DynamoDB Local accepts only alphanumeric access keys, and the same pair serves both servers. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Extra server configuration, e.g. MINIO_NOTIFY_WEBHOOK_* for bucket notifications. */
  env?: Record<string, string>;
}

/** Starts a server on a fresh data folder; `stop` ends it (it also ends with this process). */
export async function startMinio(options: MinioOptions): Promise<RunningServer> {
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
      ...options.env,
      MINIO_ROOT_USER: options.credentials.accessKeyId,
      MINIO_ROOT_PASSWORD: options.credentials.secretAccessKey,
      MINIO_BROWSER: 'off',
    },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilReady('MinIO', server, async () => (await fetch(`${endpoint}/minio/health/live`)).ok);
  return { endpoint, stop: () => stopProcess(server) };
}
