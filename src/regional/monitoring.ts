/**
 * Alarms: each function's error *rate* (errors / invocations, metric math) and each table's
 * throttling, all notifying one encrypted SNS topic.
 */
import { Fn, SNS } from 'cloudform-types';
import { FUNCTION_NAMES } from '../contract/index.js';
import { MetricAlarm } from '../core/extensions.js';
import type { Handle } from '../core/template.js';
import type { RegionalContext } from './context.js';
import type { Functions } from './functions.js';
import type { Tables } from './tables.js';

const PERIOD_SECONDS = 300;
const ALARM_EMAIL_CONDITION = 'HasAlarmEmail';

/** Operations whose throttling counts for a table, as ThrottledRequests reports them. */
const THROTTLED_OPERATIONS = ['BatchWriteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'];

function alarmTopic(ctx: RegionalContext, key: Handle): Handle {
  const { t, names, params } = ctx;
  const topic = t.resource(
    'AlarmTopic',
    new SNS.Topic({
      TopicName: names.name('alarms'),
      DisplayName: 'ServApp alarms',
      KmsMasterKeyId: key.getAtt('Arn'),
    }),
  );
  t.condition(ALARM_EMAIL_CONDITION, Fn.Not(Fn.Equals(params.alarmEmail.ref(), '')));
  t.resource(
    'AlarmEmailSubscription',
    new SNS.Subscription({ TopicArn: topic.ref(), Protocol: 'email', Endpoint: params.alarmEmail.ref() }),
    { condition: ALARM_EMAIL_CONDITION },
  );
  return topic;
}

function errorRateAlarm(ctx: RegionalContext, id: string, fn: string, functionHandle: Handle, topic: Handle) {
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
    `${id}ErrorRateAlarm`,
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

function throttleAlarm(ctx: RegionalContext, id: string, purpose: string, table: Handle, topic: Handle) {
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
    `${id}ThrottleAlarm`,
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

export function monitoring(ctx: RegionalContext, key: Handle, fns: Functions, tables: Tables): void {
  const topic = alarmTopic(ctx, key);
  for (const fn of FUNCTION_NAMES) {
    const id = fn.charAt(0).toUpperCase() + fn.slice(1);
    errorRateAlarm(ctx, id, fn, fns[fn].function, topic);
  }
  throttleAlarm(ctx, 'MarketDataTable', 'market-data', tables.marketData, topic);
  throttleAlarm(ctx, 'JobsTable', 'jobs', tables.jobs, topic);
}
