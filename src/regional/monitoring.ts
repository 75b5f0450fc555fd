/**
 * Alarms: each function's error *rate* (errors / invocations, metric math), each table's
 * throttling, and the parts queue (a part in the dead-letter queue; a part waiting too long), all
 * notifying one encrypted SNS topic. Then the region's dashboard.
 */
import { Fn, SNS } from 'cloudform-types';
import { FUNCTION_NAMES, type FunctionName } from '../contract/index.js';
import { functionIds, REGIONAL_IDS, tableIds } from '../conventions/index.js';
import { MetricAlarm } from '../core/extensions.js';
import type { Handle } from '../core/template.js';
import type { RegionalContext } from './context.js';
import { dashboard } from './dashboard.js';
import type { PartsQueues } from './fanout.js';
import type { Functions } from './functions.js';
import type { Tables } from './tables.js';

const PERIOD_SECONDS = 300;
const ALARM_EMAIL_CONDITION = 'HasAlarmEmail';

/** Operations whose throttling counts for a table, as ThrottledRequests reports them. */
const THROTTLED_OPERATIONS = ['BatchWriteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'];

function alarmTopic(ctx: RegionalContext, key: Handle<'AWS::KMS::Key'>): Handle<'AWS::SNS::Topic'> {
  const { t, names, params } = ctx;
  const topic = t.resource(
    REGIONAL_IDS.alarmTopic,
    new SNS.Topic({
      TopicName: names.name('alarms'),
      DisplayName: 'ServApp alarms',
      KmsMasterKeyId: key.getAtt('Arn'),
    }),
  );
  t.condition(ALARM_EMAIL_CONDITION, Fn.Not(Fn.Equals(params.alarmEmail.ref(), '')));
  t.resource(
    REGIONAL_IDS.alarmEmailSubscription,
    new SNS.Subscription({ TopicArn: topic.ref(), Protocol: 'email', Endpoint: params.alarmEmail.ref() }),
    { condition: ALARM_EMAIL_CONDITION },
  );
  return topic;
}

function errorRateAlarm(
  ctx: RegionalContext,
  fn: FunctionName,
  functionHandle: Handle<'AWS::Lambda::Function'>,
  topic: Handle<'AWS::SNS::Topic'>,
) {
  const { t, names, settings } = ctx;
  const metric = (metricId: string, name: string) => ({
    Id: metricId,
    ReturnData: false,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/Lambda',
        MetricName: name,
        Dimensions: [{ Name: 'FunctionName', Value: functionHandle.ref() }],
      },
      Period: PERIOD_SECONDS,
      Stat: 'Sum',
    },
  });
  t.resource(
    functionIds(fn).errorRateAlarm,
    new MetricAlarm({
      AlarmName: names.name(`${fn}-error-rate`),
      AlarmDescription: `The ${fn} function's errors exceed ${settings.errorRateThresholdPercent}% of its invocations`,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: settings.errorRateThresholdPercent,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'notBreaching',
      Metrics: [
        metric('errors', 'Errors'),
        metric('invocations', 'Invocations'),
        {
          Id: 'errorRate',
          Label: 'Error rate (%)',
          Expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
          ReturnData: true,
        },
      ],
      AlarmActions: [topic.ref()],
      OKActions: [topic.ref()],
    }),
  );
}

function throttleAlarm(
  ctx: RegionalContext,
  id: string,
  purpose: string,
  table: Handle<'AWS::DynamoDB::Table'>,
  topic: Handle<'AWS::SNS::Topic'>,
) {
  const { t, names } = ctx;
  const dimension = { Name: 'TableName', Value: table.ref() };
  const metric = (metricId: string, name: string, extra: { Name: string; Value: string }[] = []) => ({
    Id: metricId,
    ReturnData: false,
    MetricStat: {
      Metric: { Namespace: 'AWS/DynamoDB', MetricName: name, Dimensions: [dimension, ...extra] },
      Period: PERIOD_SECONDS,
      Stat: 'Sum',
    },
  });
  const operations = THROTTLED_OPERATIONS.map((operation) =>
    metric(`throttled${operation}`, 'ThrottledRequests', [{ Name: 'Operation', Value: operation }]),
  );
  const sum = ['readThrottles', 'writeThrottles', ...operations.map((m) => m.Id)].join(', ');
  t.resource(
    tableIds(id).throttleAlarm,
    new MetricAlarm({
      AlarmName: names.name(`${purpose}-throttling`),
      AlarmDescription: `Requests to the ${purpose} table are being throttled`,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'notBreaching',
      Metrics: [
        metric('readThrottles', 'ReadThrottleEvents'),
        metric('writeThrottles', 'WriteThrottleEvents'),
        ...operations,
        {
          Id: 'throttles',
          Label: 'Throttled requests and events',
          Expression: `SUM([${sum}])`,
          ReturnData: true,
        },
      ],
      AlarmActions: [topic.ref()],
      OKActions: [topic.ref()],
    }),
  );
}

/**
 * A part older than two worker timeouts has waited through two full rounds of workers: the queue
 * holds more parts than the workers drain at the table's capacity, or the part failed once and
 * waits out its visibility timeout. Either is worth a look while the job still runs.
 */
export function oldestPartThresholdSeconds(ctx: RegionalContext): number {
  return 2 * ctx.settings.worker.timeoutSeconds;
}

function queueAlarm(
  ctx: RegionalContext,
  id: string,
  queue: Handle<'AWS::SQS::Queue'>,
  alarm: { name: string; description: string; metric: string; threshold: number },
  topic: Handle<'AWS::SNS::Topic'>,
) {
  const { t, names } = ctx;
  t.resource(
    id,
    new MetricAlarm({
      AlarmName: names.name(alarm.name),
      AlarmDescription: alarm.description,
      Namespace: 'AWS/SQS',
      MetricName: alarm.metric,
      Dimensions: [{ Name: 'QueueName', Value: queue.getAtt('QueueName') }],
      Statistic: 'Maximum',
      Period: PERIOD_SECONDS,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: alarm.threshold,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [topic.ref()],
      OKActions: [topic.ref()],
    }),
  );
}

export function monitoring(
  ctx: RegionalContext,
  key: Handle<'AWS::KMS::Key'>,
  fns: Functions,
  tables: Tables,
  parts: PartsQueues,
): void {
  const topic = alarmTopic(ctx, key);
  for (const fn of FUNCTION_NAMES) errorRateAlarm(ctx, fn, fns[fn].function, topic);
  throttleAlarm(ctx, 'MarketDataTable', 'market-data', tables.marketData, topic);
  throttleAlarm(ctx, 'JobsTable', 'jobs', tables.jobs, topic);
  queueAlarm(
    ctx,
    REGIONAL_IDS.partsDeadLetterAlarm,
    parts.deadLetterQueue,
    {
      name: 'parts-dead-letters',
      description:
        'A part of a large file failed every attempt and is in the parts dead-letter queue; its job ended FAILED',
      metric: 'ApproximateNumberOfMessagesVisible',
      threshold: 0,
    },
    topic,
  );
  const oldest = oldestPartThresholdSeconds(ctx);
  queueAlarm(
    ctx,
    REGIONAL_IDS.partsQueueAgeAlarm,
    parts.queue,
    {
      name: 'parts-oldest-message',
      description: `A part has waited in the parts queue more than ${oldest} s (2 worker timeouts): workers are behind or a part is being retried`,
      metric: 'ApproximateAgeOfOldestMessage',
      threshold: oldest,
    },
    topic,
  );
  dashboard(ctx, fns, tables, parts, oldest);
}
