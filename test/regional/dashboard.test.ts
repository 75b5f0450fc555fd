import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FUNCTION_NAMES, METRICS } from '../../src/contract';
import { functionIds, REGIONAL_IDS } from '../../src/conventions';
import { regionalTemplate } from '../../src/regional';
import { resource, resourcesOfType } from '../support/template';

/** `${Id}`: how a Sub pattern in the dashboard body names a resource. */
const subOf = (id: string) => `\${${id}}`;

const test = suite('regional stack: the ingest dashboard');
const template = regionalTemplate();
const id = (fn: string) => `${fn.charAt(0).toUpperCase()}${fn.slice(1)}`;

type Line = unknown[];
interface Widget {
  x: number;
  y: number;
  width: number;
  height: number;
  properties: {
    title: string;
    region: string;
    metrics: Line[];
    annotations?: { horizontal: { value: number }[] };
  };
}

const body = (): string => resource(template, REGIONAL_IDS.dashboard).Properties.DashboardBody['Fn::Sub'];
/** The body as the console sees it after `Fn::Sub`, with each placeholder standing for its name. */
const widgets = (): Widget[] => (JSON.parse(body()) as { widgets: Widget[] }).widgets;
const graph = (title: RegExp): Widget => {
  const found = widgets().find((w) => title.test(w.properties.title));
  assert.ok(found, `a graph titled ${title}`);
  return found;
};
/** [namespace, metric, dimension, value] of the metric lines of a graph. */
const lines = (w: Widget) =>
  w.properties.metrics.filter((line) => line.length === 5).map((line) => line.slice(0, 4));

test('one dashboard per stack (so per region), named with the environment suffix and region id', () => {
  assert.is(resourcesOfType(template, 'AWS::CloudWatch::Dashboard').length, 1);
  const name = resource(template, REGIONAL_IDS.dashboard).Properties.DashboardName;
  assert.match(JSON.stringify(name), /servapp-\$\{EnvironmentSuffix\}-\$\{RegionId\}-ingest/);
});

test('the body is a JSON string whose names resolve through Fn::Sub, and it is the same on every build', () => {
  assert.type(body(), 'string');
  const placeholders = new Set([...body().matchAll(/\$\{([^}.]+)(?:\.[^}]+)?\}/g)].map((m) => m[1] ?? ''));
  for (const name of placeholders) {
    assert.ok(name === 'AWS::Region' || name in template.Resources, `${name} is declared`);
  }
  assert.ok(placeholders.has(REGIONAL_IDS.partsQueue) && placeholders.has(REGIONAL_IDS.marketDataTable));
  assert.is(
    JSON.stringify(regionalTemplate().Resources[REGIONAL_IDS.dashboard]),
    JSON.stringify(template.Resources[REGIONAL_IDS.dashboard]),
  );
  for (const w of widgets()) assert.is(w.properties.region, '${AWS::Region}');
});

test('rows stored per second: the processor’s and the worker’s embedded metrics, summed and divided by the period', () => {
  const rows = graph(/^Rows stored per second$/);
  assert.equal(lines(rows), [
    [METRICS.namespace, METRICS.rowsStored, METRICS.dimension, subOf(functionIds('processor').function)],
    [METRICS.namespace, METRICS.rowsStored, METRICS.dimension, subOf(functionIds('worker').function)],
  ]);
  const expressions = rows.properties.metrics.filter((line) => line.length === 1) as [
    { expression: string },
  ][];
  assert.is(expressions.length, 1);
  assert.match(
    expressions[0]?.[0].expression ?? '',
    /^\(FILL\(rows_processor, 0\) \+ FILL\(rows_worker, 0\)\) \/ PERIOD\(/,
  );
});

test('errors and throttles of every function, the worker included', () => {
  for (const [title, metric] of [
    [/^Function errors$/, 'Errors'],
    [/^Function throttles$/, 'Throttles'],
  ] as const) {
    assert.equal(
      lines(graph(title)),
      FUNCTION_NAMES.map((fn) => ['AWS/Lambda', metric, 'FunctionName', `\${${id(fn)}Function}`]),
    );
  }
});

test('DynamoDB write throttles of both tables', () => {
  const throttles = lines(graph(/DynamoDB write throttles/)).filter(
    (line) => line[1] === 'WriteThrottleEvents',
  );
  assert.equal(throttles, [
    ['AWS/DynamoDB', 'WriteThrottleEvents', 'TableName', subOf(REGIONAL_IDS.marketDataTable)],
    ['AWS/DynamoDB', 'WriteThrottleEvents', 'TableName', subOf(REGIONAL_IDS.jobsTable)],
  ]);
});

test('parts queue depth (waiting and in flight), the oldest part against its alarm, and the dead-letter depth', () => {
  assert.equal(lines(graph(/^Parts queue depth$/)), [
    [
      'AWS/SQS',
      'ApproximateNumberOfMessagesVisible',
      'QueueName',
      subOf(`${REGIONAL_IDS.partsQueue}.QueueName`),
    ],
    [
      'AWS/SQS',
      'ApproximateNumberOfMessagesNotVisible',
      'QueueName',
      subOf(`${REGIONAL_IDS.partsQueue}.QueueName`),
    ],
  ]);
  const oldest = graph(/^Oldest part waiting/);
  assert.equal(lines(oldest), [
    ['AWS/SQS', 'ApproximateAgeOfOldestMessage', 'QueueName', subOf(`${REGIONAL_IDS.partsQueue}.QueueName`)],
  ]);
  assert.is(
    oldest.properties.annotations?.horizontal[0]?.value,
    resource(template, REGIONAL_IDS.partsQueueAgeAlarm).Properties.Threshold,
  );
  assert.equal(lines(graph(/dead-letter/)), [
    [
      'AWS/SQS',
      'ApproximateNumberOfMessagesVisible',
      'QueueName',
      subOf(`${REGIONAL_IDS.partsDeadLetterQueue}.QueueName`),
    ],
  ]);
});

test('job latency at p50 and p99 from the embedded metric', () => {
  const latency = graph(/^Job latency/).properties.metrics as [
    string,
    string,
    string,
    string,
    { stat: string },
  ][];
  assert.equal(
    latency.map((line) => [line[1], line[3], line[4].stat]),
    [
      [METRICS.jobLatency, subOf(functionIds('processor').function), 'p50'],
      [METRICS.jobLatency, subOf(functionIds('processor').function), 'p99'],
      [METRICS.jobLatency, subOf(functionIds('worker').function), 'p50'],
      [METRICS.jobLatency, subOf(functionIds('worker').function), 'p99'],
    ],
  );
});

test('graphs sit on a two-column grid without overlapping', () => {
  const cells = new Set(widgets().map((w) => `${w.x},${w.y}`));
  assert.is(cells.size, widgets().length);
  for (const w of widgets()) assert.ok(w.x + w.width <= 24);
});

test.run();
