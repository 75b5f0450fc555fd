/**
 * One CloudWatch dashboard per region: is ingest moving, how fast, and what holds it back. The
 * body is a JSON string whose function, table and queue names resolve at deploy time through
 * `Fn::Sub`; it is built from data here, so the same options always give the same text.
 */
import { CloudWatch } from 'cloudform-types';
import { FUNCTION_NAMES, type FunctionName, METRICS } from '../contract/index.js';
import { REGIONAL_IDS } from '../conventions/index.js';
import { sub } from '../core/intrinsics.js';
import type { Handle, Reference } from '../core/template.js';
import type { RegionalContext } from './context.js';
import type { PartsQueues } from './fanout.js';
import type { Functions } from './functions.js';
import type { Tables } from './tables.js';

/** One line of a graph: namespace, metric, dimension name and value, then its options. */
type MetricLine = [string, string, string, string, Record<string, unknown>] | [Record<string, unknown>];

interface Graph {
  title: string;
  metrics: MetricLine[];
  stat: string;
  /** A horizontal line, e.g. an alarm's threshold. */
  threshold?: { label: string; value: number };
}

const WIDTH = 12;
const HEIGHT = 6;
/** One-minute points: the functions print their metrics per batch, SQS and Lambda per minute. */
const PERIOD_SECONDS = 60;

/** The ingest functions, whose embedded metrics the dashboard reads. */
const INGEST: readonly FunctionName[] = ['processor', 'worker'];

/** `${ProcessorFunction}`: the Ref of a resource, resolved by `Fn::Sub`. */
const refOf = (handle: Reference) => `\${${handle.id}}`;
const queueName = (queue: Handle<'AWS::SQS::Queue'>) => `\${${queue.id}.QueueName}`;

function graphs(fns: Functions, tables: Tables, parts: PartsQueues, oldestSeconds: number): Graph[] {
  const fnLine = (
    namespace: string,
    metric: string,
    fn: FunctionName,
    options: Record<string, unknown> = {},
  ) =>
    [namespace, metric, METRICS.dimension, refOf(fns[fn].function), { label: fn, ...options }] as MetricLine;
  const ingestIds = INGEST.map((fn) => `rows_${fn}`);
  return [
    {
      title: 'Rows stored per second',
      stat: 'Sum',
      metrics: [
        ...INGEST.map((fn, i) =>
          fnLine(METRICS.namespace, METRICS.rowsStored, fn, { id: ingestIds[i], visible: false }),
        ),
        [
          {
            expression: `(${ingestIds.map((id) => `FILL(${id}, 0)`).join(' + ')}) / PERIOD(${ingestIds[0]})`,
            label: 'rows stored/s',
            id: 'rows_per_second',
          },
        ],
      ],
    },
    {
      title: 'Rows rejected',
      stat: 'Sum',
      metrics: INGEST.map((fn) => fnLine(METRICS.namespace, METRICS.rowsRejected, fn)),
    },
    {
      title: 'Function errors',
      stat: 'Sum',
      metrics: FUNCTION_NAMES.map((fn) => fnLine('AWS/Lambda', 'Errors', fn)),
    },
    {
      title: 'Function throttles',
      stat: 'Sum',
      metrics: FUNCTION_NAMES.map((fn) => fnLine('AWS/Lambda', 'Throttles', fn)),
    },
    {
      title: 'DynamoDB write throttles and consumed write units',
      stat: 'Sum',
      metrics: [
        [
          'AWS/DynamoDB',
          'WriteThrottleEvents',
          'TableName',
          refOf(tables.marketData),
          { label: 'market-data throttles' },
        ],
        ['AWS/DynamoDB', 'WriteThrottleEvents', 'TableName', refOf(tables.jobs), { label: 'jobs throttles' }],
        [
          'AWS/DynamoDB',
          'ConsumedWriteCapacityUnits',
          'TableName',
          refOf(tables.marketData),
          { label: 'market-data write units', yAxis: 'right' },
        ],
      ],
    },
    {
      title: 'Parts queue depth',
      stat: 'Maximum',
      metrics: [
        [
          'AWS/SQS',
          'ApproximateNumberOfMessagesVisible',
          'QueueName',
          queueName(parts.queue),
          { label: 'waiting' },
        ],
        [
          'AWS/SQS',
          'ApproximateNumberOfMessagesNotVisible',
          'QueueName',
          queueName(parts.queue),
          { label: 'in flight' },
        ],
      ],
    },
    {
      title: 'Oldest part waiting (s)',
      stat: 'Maximum',
      metrics: [
        [
          'AWS/SQS',
          'ApproximateAgeOfOldestMessage',
          'QueueName',
          queueName(parts.queue),
          { label: 'oldest part' },
        ],
      ],
      threshold: { label: 'alarm', value: oldestSeconds },
    },
    {
      title: 'Parts dead-letter queue depth',
      stat: 'Maximum',
      metrics: [
        [
          'AWS/SQS',
          'ApproximateNumberOfMessagesVisible',
          'QueueName',
          queueName(parts.deadLetterQueue),
          { label: 'failed parts' },
        ],
      ],
      threshold: { label: 'alarm', value: 0 },
    },
    {
      title: 'Job latency (ms)',
      stat: 'p50',
      metrics: INGEST.flatMap((fn) => [
        fnLine(METRICS.namespace, METRICS.jobLatency, fn, { label: `${fn} p50`, stat: 'p50' }),
        fnLine(METRICS.namespace, METRICS.jobLatency, fn, { label: `${fn} p99`, stat: 'p99' }),
      ]),
    },
  ];
}

/** The dashboard's JSON, with `${...}` placeholders for `Fn::Sub`. */
export function dashboardBody(
  fns: Functions,
  tables: Tables,
  parts: PartsQueues,
  oldestSeconds: number,
): string {
  const widgets = graphs(fns, tables, parts, oldestSeconds).map((graph, index) => ({
    type: 'metric',
    x: (index % 2) * WIDTH,
    y: Math.floor(index / 2) * HEIGHT,
    width: WIDTH,
    height: HEIGHT,
    properties: {
      title: graph.title,
      region: '${AWS::Region}',
      view: 'timeSeries',
      stacked: false,
      period: PERIOD_SECONDS,
      stat: graph.stat,
      metrics: graph.metrics,
      ...(graph.threshold
        ? { annotations: { horizontal: [{ label: graph.threshold.label, value: graph.threshold.value }] } }
        : {}),
    },
  }));
  return JSON.stringify({ widgets });
}

export function dashboard(
  ctx: RegionalContext,
  fns: Functions,
  tables: Tables,
  parts: PartsQueues,
  oldestSeconds: number,
): Handle<'AWS::CloudWatch::Dashboard'> {
  return ctx.t.resource(
    REGIONAL_IDS.dashboard,
    new CloudWatch.Dashboard({
      DashboardName: ctx.names.name('ingest'),
      DashboardBody: sub(dashboardBody(fns, tables, parts, oldestSeconds)),
    }),
  );
}
