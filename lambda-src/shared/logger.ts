/**
 * Structured JSON logs, one line per entry, with the correlation id on every line. Written straight
 * to stdout, as Powertools does: Lambda's patched `console` would wrap each line in its own
 * envelope. With the function's LogFormat JSON, the `level` field drives Lambda's log-level filter,
 * and AWS_LAMBDA_LOG_LEVEL (set by that filter) is honoured here too, so dropped lines cost nothing.
 */

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
export type LogFields = Record<string, unknown>;

// Lambda's application log levels; TRACE and FATAL are only thresholds here.
const LEVEL_RANK: Record<string, number> = { TRACE: 5, DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, FATAL: 50 };

function minimumRank(): number {
  const configured = (process.env.AWS_LAMBDA_LOG_LEVEL ?? process.env.LOG_LEVEL ?? 'INFO').toUpperCase();
  return LEVEL_RANK[configured] ?? 20;
}

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger adding `fields` to every line (e.g. a job id once it is known). */
  child(fields: LogFields): Logger;
}

/** Errors as plain fields: name, message and stack go to the log, never to a response. */
export function errorFields(error: unknown): LogFields {
  if (error instanceof Error)
    return { errorName: error.name, errorMessage: error.message, stack: error.stack };
  return { errorMessage: String(error) };
}

export function createLogger(
  correlationId: string,
  base: LogFields = {},
  write: (line: string) => void = (line) => process.stdout.write(line),
): Logger {
  const threshold = minimumRank();
  const context: LogFields = { service: process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'servapp', ...base };
  const log = (level: LogLevel, message: string, fields?: LogFields): void => {
    if ((LEVEL_RANK[level] ?? 0) < threshold) return;
    const entry = {
      timestamp: new Date().toISOString(),
      level,
      message,
      correlationId,
      ...context,
      ...fields,
    };
    write(`${JSON.stringify(entry)}\n`);
  };
  return {
    debug: (message, fields) => log('DEBUG', message, fields),
    info: (message, fields) => log('INFO', message, fields),
    warn: (message, fields) => log('WARN', message, fields),
    error: (message, fields) => log('ERROR', message, fields),
    child: (fields) => createLogger(correlationId, { ...base, ...fields }, write),
  };
}
