/**
 * StackSets run one operation at a time: a call made while another runs fails with
 * OperationInProgressException. The rollout waits and tries again rather than failing a
 * pipeline that merely overlapped with another run.
 */
export interface RetryOptions {
  delayMs: number;
  attempts: number;
  sleep: (ms: number) => Promise<void>;
  onWait: (attempt: number, attempts: number, delayMs: number) => void;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function isOperationInProgress(error: unknown): boolean {
  return (error as Error | undefined)?.name === 'OperationInProgressException';
}

export async function retryWhileOperationInProgress<T>(
  call: () => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isOperationInProgress(error) || attempt >= options.attempts) throw error;
      options.onWait(attempt, options.attempts, options.delayMs);
      await options.sleep(options.delayMs);
    }
  }
}
