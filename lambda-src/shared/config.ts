/** Reading the environment variables the contract names (FUNCTION_ENV), with typed defaults. */
import type { EnvName } from '../../src/contract';

/** Thrown at cold start when the template and the code disagree: a deploy error, not a request error. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

export function requiredEnv(name: EnvName): string {
  const value = process.env[name];
  if (value === undefined || value === '')
    throw new ConfigurationError(`environment variable ${name} is not set`);
  return value;
}

export function integerEnv(name: EnvName, fallback: number, min = 1): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min)
    throw new ConfigurationError(`environment variable ${name} must be an integer >= ${min}, got "${text}"`);
  return value;
}
