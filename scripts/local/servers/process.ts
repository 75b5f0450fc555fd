/**
 * Local servers (for `npm run local` and the tests) run as child processes that never outlive the
 * process that started them: they are unref'd (a test run exits when its tests are done) and
 * killed on exit, on SIGINT/SIGTERM and on a crash.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const children = new Set<ChildProcess>();

function killAll(): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  children.clear();
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `servapp-${prefix}-`));
}

export interface StartedProcess {
  child: ChildProcess;
  logFile: string;
}

/** Starts a server whose output goes to a log file (named in errors) so it cannot fill a pipe. */
export async function startProcess(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
  cwd?: string,
): Promise<StartedProcess> {
  const logFile = join(await tempDir(`${name}-log`), `${name}.log`);
  const log = createWriteStream(logFile);
  await new Promise((resolve) => log.once('open', resolve));
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', log, log] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.unref();
  return { child, logFile };
}

/** A started server: where to reach it and how to stop it. */
export interface RunningServer {
  endpoint: string;
  stop: () => Promise<void>;
}

/** Ends a server: SIGTERM, then SIGKILL if it has not gone within two seconds. */
export async function stopProcess(started: StartedProcess): Promise<void> {
  const { child } = started;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(timer);
}

/** Polls `ready` until it resolves true, the process dies, or the time runs out. */
export async function waitUntilReady(
  name: string,
  started: StartedProcess,
  ready: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null)
      throw new Error(`${name} exited with code ${started.child.exitCode}; see ${started.logFile}`);
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  started.child.kill('SIGKILL');
  throw new Error(`${name} was not ready within ${timeoutMs} ms; see ${started.logFile}`);
}
