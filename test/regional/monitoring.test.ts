import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FUNCTION_NAMES } from '../../src/contract';
import { functionIds, REGIONAL_IDS } from '../../src/conventions';
import { regionalTemplate } from '../../src/regional';
import { resource, resourcesOfType } from '../support/template';

const test = suite('regional stack: alarms');
const template = regionalTemplate();
const id = (fn: string) => `${fn.charAt(0).toUpperCase()}${fn.slice(1)}`;

test('each function alarms on an error RATE above 1%, computed by metric math', () => {
  for (const fn of FUNCTION_NAMES) {
    const alarm = resource(template, `${id(fn)}ErrorRateAlarm`).Properties;
    assert.is(alarm.Threshold, 1);
    assert.is(alarm.ComparisonOperator, 'GreaterThanThreshold');
    const returned = alarm.Metrics.filter((m: { ReturnData: boolean }) => m.ReturnData);
    assert.is(returned.length, 1, 'exactly one ReturnData');
    assert.is(returned[0].Expression, 'IF(invocations > 0, 100 * errors / invocations, 0)');
    const names = alarm.Metrics.filter((m: { MetricStat?: unknown }) => m.MetricStat).map(
      (m: { MetricStat: { Metric: { MetricName: string; Dimensions: unknown[] } } }) => m.MetricStat.Metric,
    );
    assert.equal(names.map((m: { MetricName: string }) => m.MetricName).sort(), ['Errors', 'Invocations']);
    for (const metric of names) {
      assert.equal(metric.Dimensions, [{ Name: 'FunctionName', Value: { Ref: `${id(fn)}Function` } }]);
    }
    for (const forbidden of ['Namespace', 'MetricName', 'Statistic'])
      assert.not.ok(forbidden in alarm, forbidden);
  }
});

test('each table alarms on throttling, every metric with its TableName dimension', () => {
  for (const table of [REGIONAL_IDS.marketDataTable, REGIONAL_IDS.jobsTable]) {
    const alarm = resource(template, `${table}ThrottleAlarm`).Properties;
    assert.is(alarm.Threshold, 0);
    const metrics = alarm.Metrics.filter((m: { MetricStat?: unknown }) => m.MetricStat);
    const names = new Set(
      metrics.map((m: { MetricStat: { Metric: { MetricName: string } } }) => m.MetricStat.Metric.MetricName),
    );
    assert.equal([...names].sort(), ['ReadThrottleEvents', 'ThrottledRequests', 'WriteThrottleEvents']);
    for (const metric of metrics) {
      assert.equal(metric.MetricStat.Metric.Dimensions[0], { Name: 'TableName', Value: { Ref: table } });
    }
    assert.is(alarm.Metrics.filter((m: { ReturnData: boolean }) => m.ReturnData).length, 1);
  }
});

test('alarms notify the encrypted alarm topic; an e-mail subscription only when an address is given', () => {
  for (const [logicalId, alarm] of resourcesOfType(template, 'AWS::CloudWatch::Alarm')) {
    assert.equal(alarm.Properties.AlarmActions, [{ Ref: REGIONAL_IDS.alarmTopic }], logicalId);
  }
  assert.ok(resource(template, REGIONAL_IDS.alarmTopic).Properties.KmsMasterKeyId);
  assert.is(resource(template, REGIONAL_IDS.alarmEmailSubscription).Condition, 'HasAlarmEmail');
});

test('a part in the parts dead-letter queue raises an alarm at once (depth > 0)', () => {
  const alarm = resource(template, REGIONAL_IDS.partsDeadLetterAlarm).Properties;
  assert.is(alarm.Namespace, 'AWS/SQS');
  assert.is(alarm.MetricName, 'ApproximateNumberOfMessagesVisible');
  assert.equal(alarm.Dimensions, [
    { Name: 'QueueName', Value: { 'Fn::GetAtt': [REGIONAL_IDS.partsDeadLetterQueue, 'QueueName'] } },
  ]);
  assert.is(alarm.ComparisonOperator, 'GreaterThanThreshold');
  assert.is(alarm.Threshold, 0);
  assert.equal(alarm.AlarmActions, [{ Ref: REGIONAL_IDS.alarmTopic }]);
});

test('a part waiting longer than 2 worker timeouts raises an alarm (age of the oldest message)', () => {
  const alarm = resource(template, REGIONAL_IDS.partsQueueAgeAlarm).Properties;
  assert.is(alarm.MetricName, 'ApproximateAgeOfOldestMessage');
  assert.equal(alarm.Dimensions, [
    { Name: 'QueueName', Value: { 'Fn::GetAtt': [REGIONAL_IDS.partsQueue, 'QueueName'] } },
  ]);
  assert.is(alarm.Statistic, 'Maximum');
  assert.is(alarm.Threshold, 600);
  const shorter = regionalTemplate({ worker: { memoryMb: 3072, timeoutSeconds: 100, maxConcurrency: 100 } });
  assert.is(resource(shorter, REGIONAL_IDS.partsQueueAgeAlarm).Properties.Threshold, 200);
});

test('the worker has its error-rate alarm like every function', () => {
  assert.ok(FUNCTION_NAMES.includes('worker'));
  assert.equal(
    resource(template, functionIds('worker').errorRateAlarm).Properties.Metrics[0].MetricStat.Metric
      .Dimensions,
    [{ Name: 'FunctionName', Value: { Ref: functionIds('worker').function } }],
  );
});

test.run();
