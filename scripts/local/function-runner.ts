/**
 * Runs one built bundle (dist/lambda/<fn>/index.mjs) in its own worker thread with its own
 * environment, as Lambda runs each function in its own sandbox: the functions never share
 * process.env or module state.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FunctionName } from '../../src/contract';
import { lambdaDist } from '../build-lambdas';

/** Plain JavaScript, evaluated in the worker: imports the bundle and answers invocations. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
import(workerData.bundle).then((mod) => {
  parentPort.on('message', async ({ id, event, context }) => {
    const deadline = Date.now() + context.timeoutMs;
    const lambdaContext = { ...context, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
    try {
      parentPort.postMessage({ id, result: await mod.handler(event, lambdaContext) });
    } catch (error) {
      parentPort.postMessage({ id, error: { name: error?.name ?? 'Error', message: String(error?.message ?? error) } });
    }
  });
  parentPort.postMessage({ ready: true });
});
`;

export class InvocationError extends Error {
  override name = 'InvocationError';
}

export class FunctionTimeoutError extends Error {
  override name = 'FunctionTimeoutError';
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class FunctionRunner {
  readonly name: FunctionName;
  readonly #worker: Worker;
  readonly #ready: Promise<void>;
  readonly #pending = new Map<string, Pending>();
  readonly #timeoutMs: number;

  constructor(name: FunctionName, env: Record<string, string>, timeoutMs: number) {
    this.name = name;
    this.#timeoutMs = timeoutMs;
    const bundle = pathToFileURL(join(lambdaDist(), name, 'index.mjs')).href;
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, env, workerData: { bundle } });
    this.#ready = new Promise((resolve, reject) => {
      this.#worker.once('error', reject);
      this.#worker.on(
        'message',
        (message: { ready?: boolean; id?: string; result?: unknown; error?: Error }) => {
          if (message.ready) return resolve();
          const pending = message.id ? this.#pending.get(message.id) : undefined;
          if (!pending || !message.id) return;
          clearTimeout(pending.timer);
          this.#pending.delete(message.id);
          if (message.error)
            pending.reject(new InvocationError(`${message.error.name}: ${message.error.message}`));
          else pending.resolve(message.result);
        },
      );
    });
  }

  /** Resolves when the bundle has been loaded (its cold start). */
  ready(): Promise<void> {
    return this.#ready;
  }

  async invoke<Result>(event: unknown): Promise<Result> {
    await this.#ready;
    const id = randomUUID();
    const context = {
      awsRequestId: id,
      functionName: `servapp-local-${this.name}`,
      functionVersion: '$LATEST',
      memoryLimitInMB: '512',
      timeoutMs: this.#timeoutMs,
    };
    return new Promise<Result>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new FunctionTimeoutError(`${this.name} did not answer within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      this.#worker.postMessage({ id, event, context });
    });
  }

  async stop(): Promise<void> {
    for (const pending of this.#pending.values()) clearTimeout(pending.timer);
    await this.#worker.terminate();
  }
}
