/**
 * CloudWatch embedded-metric-format lines: one JSON log line that CloudWatch turns into metrics, with
 * no API call from the function. Namespace, names and dimension come from the contract, which the
 * dashboard graphs.
 */
import { METRICS } from '../../src/contract';

export type MetricName = (typeof METRICS)['rowsStored' | 'rowsRejected' | 'jobLatency'];

const UNITS: Record<MetricName, 'Count' | 'Milliseconds'> = {
  [METRICS.rowsStored]: 'Count',
  [METRICS.rowsRejected]: 'Count',
  [METRICS.jobLatency]: 'Milliseconds',
};

export type MetricsSink = (line: string) => void;

/**
 * Standard output, where Lambda's log stream and CloudWatch pick the lines up. SERVAPP_METRICS=off
 * (set by the test environment only) drops them: a test run would print thousands.
 */
export const stdoutMetrics: MetricsSink = (line) => {
  if (process.env.SERVAPP_METRICS !== 'off') process.stdout.write(line);
};

export function emitMetrics(
  values: Partial<Record<MetricName, number>>,
  write: MetricsSink = stdoutMetrics,
  now: () => number = Date.now,
): void {
  const names = (Object.keys(values) as MetricName[]).filter((name) => values[name] !== undefined);
  if (names.length === 0) return;
  const functionName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'servapp-local';
  const entry: Record<string, unknown> = {
    _aws: {
      Timestamp: now(),
      CloudWatchMetrics: [
        {
          Namespace: METRICS.namespace,
          Dimensions: [[METRICS.dimension]],
          Metrics: names.map((name) => ({ Name: name, Unit: UNITS[name] })),
        },
      ],
    },
    [METRICS.dimension]: functionName,
  };
  for (const name of names) entry[name] = values[name];
  write(`${JSON.stringify(entry)}\n`);
}
