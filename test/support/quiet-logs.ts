/** Runs `work` with the functions' logs silenced, for tests that provoke errors on purpose. */
export async function withoutLogs<T>(work: () => Promise<T>): Promise<T> {
  const saved = process.env.AWS_LAMBDA_LOG_LEVEL;
  process.env.AWS_LAMBDA_LOG_LEVEL = 'FATAL';
  try {
    return await work();
  } finally {
    if (saved === undefined) delete process.env.AWS_LAMBDA_LOG_LEVEL;
    else process.env.AWS_LAMBDA_LOG_LEVEL = saved;
  }
}
