import { DeletionPolicy, Fn, SQS } from 'cloudform-types';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { canonical, contentHash, toPrettyJson } from '../../src/core/emit';
import { LambdaFunction } from '../../src/core/extensions';
import { TemplateBuilder } from '../../src/core/template';
import { TEST_TAGS } from '../support/tags';

const test = suite('core: template assembly and deterministic emit');
const tags = TEST_TAGS;

function builder(): TemplateBuilder {
  return new TemplateBuilder('test', tags);
}

test('logical ids must be alphanumeric and unique', () => {
  const t = builder();
  t.resource('Queue', new SQS.Queue({}));
  assert.throws(() => t.resource('Queue', new SQS.Queue({})), /declared twice/);
  assert.throws(() => t.resource('my-queue', new SQS.Queue({})), /letters or digits/);
});

test('a Ref, GetAtt or Sub variable naming nothing declared fails the build', () => {
  const t = builder();
  t.resource('Queue', new SQS.Queue({ QueueName: Fn.Ref('Missing') }));
  assert.throws(() => t.build(), /Ref target "Missing" is not declared/);
  const u = builder();
  u.resource('Queue', new SQS.Queue({ QueueName: Fn.Sub('${Nope}-x', {}) }));
  assert.throws(() => u.build(), /Sub variable "Nope"/);
  const v = builder();
  v.resource('Queue', new SQS.Queue({ QueueName: Fn.GetAtt('Other', 'Arn') }));
  assert.throws(() => v.build(), /GetAtt target "Other"/);
});

test('pseudo parameters and Sub variables given inline need no declaration', () => {
  const t = builder();
  t.resource('Queue', new SQS.Queue({ QueueName: Fn.Sub('${AWS::Region}-${X}', { X: 'y' }) }));
  assert.ok(t.build().Resources.Queue);
});

test('taggable resources get the six standard tags; a type CloudFormation does not know is refused', () => {
  const t = builder();
  t.resource('Queue', new SQS.Queue({}));
  const doc = t.build() as unknown as { Resources: { Queue: { Properties: { Tags: { Key: string }[] } } } };
  assert.equal(
    doc.Resources.Queue.Properties.Tags.map((tag) => tag.Key),
    ['Project', 'ENVIRONMENT_SUFFIX', 'REGION', 'Environment', 'Team', 'CostCenter'],
  );
  const unknown = new SQS.Queue({});
  (unknown as { Type: string }).Type = 'AWS::Example::Unclassified';
  assert.throws(() => builder().resource('X', unknown), /not a resource type CloudFormation knows/);
});

test('a parameter default that breaks its own constraint is refused when declared', () => {
  const t = builder();
  const ui = { label: 'X', group: 'G' };
  assert.throws(
    () => t.parameter('Team', { Type: 'String', Default: 'a"b', AllowedPattern: '^[A-Za-z-]+$' }, ui),
    /parameter Team: its default "a\\"b" does not match its AllowedPattern/,
  );
  assert.throws(
    () => t.parameter('Flag', { Type: 'String', Default: 'maybe', AllowedValues: ['true', 'false'] }, ui),
    /is not one of its AllowedValues true, false/,
  );
  assert.throws(
    () => t.parameter('N', { Type: 'Number', Default: 0, MinValue: 1 }, ui),
    /below its MinValue 1/,
  );
  assert.throws(() => t.parameter('S', { Type: 'String', Default: 'abc', MaxLength: 2 }, ui), /MaxLength 2/);
  t.parameter('Ok', { Type: 'String', Default: 'ok', AllowedPattern: '[a-z]+', MaxLength: 5 }, ui);
});

test('extension classes emit properties cloudform-types 7.5.0 lacks', () => {
  const t = builder();
  t.resource('Fn', new LambdaFunction({ Code: {}, Role: 'r', LoggingConfig: { LogFormat: 'JSON' } }), {
    updateReplacePolicy: 'Retain',
    deletionPolicy: 'Retain',
  });
  const fn = t.build().Resources.Fn as Record<string, unknown>;
  assert.equal((fn.Properties as { LoggingConfig: unknown }).LoggingConfig, { LogFormat: 'JSON' });
  assert.is(fn.UpdateReplacePolicy, 'Retain');
});

test('emit: the same template built in a different order gives the same bytes', () => {
  const a = builder();
  a.resource('A', new SQS.Queue({ QueueName: 'a', DelaySeconds: 1 }));
  a.resource('B', new SQS.Queue({ QueueName: 'b' }));
  const b = builder();
  b.resource('B', new SQS.Queue({ QueueName: 'b' }));
  b.resource('A', new SQS.Queue({ DelaySeconds: 1, QueueName: 'a' }));
  assert.is(toPrettyJson(a.build()), toPrettyJson(b.build()));
});

test('emit: sections and resource attributes keep CloudFormation order; arrays keep theirs', () => {
  const out = canonical({
    Resources: { Q: { Properties: { Z: [3, 1, 2], A: 1 }, DependsOn: ['X'], Type: 'T' } },
    Description: 'd',
    AWSTemplateFormatVersion: '2010-09-09',
  });
  assert.equal(Object.keys(out), ['AWSTemplateFormatVersion', 'Description', 'Resources']);
  const q = (out.Resources as Record<string, Record<string, unknown>>).Q ?? {};
  assert.equal(Object.keys(q), ['Type', 'DependsOn', 'Properties']);
  assert.equal(Object.keys(q.Properties as object), ['A', 'Z']);
  assert.equal((q.Properties as { Z: number[] }).Z, [3, 1, 2]);
});

test("cloudform's chained resource attributes are honoured, never dropped", () => {
  const t = builder();
  t.resource('Other', new SQS.Queue({}));
  t.resource(
    'Queue',
    new SQS.Queue({})
      .deletionPolicy(DeletionPolicy.Retain)
      .dependsOn('Other')
      .metadata({ Owner: 'team-a' })
      .updatePolicy({ AutoScalingScheduledAction: { IgnoreUnmodifiedGroupSizeProperties: true } })
      .creationPolicy({ ResourceSignal: { Count: 1, Timeout: 'PT5M' } }),
    { updateReplacePolicy: 'Retain', metadata: { Reviewed: true } },
  );
  const queue = (t.build().Resources as Record<string, Record<string, unknown>>).Queue;
  assert.equal(queue, {
    Type: 'AWS::SQS::Queue',
    DependsOn: ['Other'],
    CreationPolicy: { ResourceSignal: { Count: 1, Timeout: 'PT5M' } },
    DeletionPolicy: 'Retain',
    UpdatePolicy: { AutoScalingScheduledAction: { IgnoreUnmodifiedGroupSizeProperties: true } },
    UpdateReplacePolicy: 'Retain',
    Metadata: { Owner: 'team-a', Reviewed: true },
    Properties: { Tags: queue?.Properties && (queue.Properties as { Tags: unknown }).Tags },
  });
  assert.equal(Object.keys(canonical({ Resources: { Queue: queue } }).Resources as object), ['Queue']);
});

test('a chained DependsOn on nothing fails the build; an attribute set two ways differently is refused', () => {
  const t = builder();
  t.resource('Queue', new SQS.Queue({}).dependsOn('DoesNotExist'));
  assert.throws(() => t.build(), /Queue: DependsOn target "DoesNotExist" is not declared/);
  assert.throws(
    () =>
      builder().resource('Q', new SQS.Queue({}).deletionPolicy(DeletionPolicy.Retain), {
        deletionPolicy: 'Delete',
      }),
    /Q: DeletionPolicy is set twice, differently/,
  );
  assert.throws(
    () => builder().resource('Q', new SQS.Queue({}).dependsOn({ Ref: 'X' } as unknown as string)),
    /DependsOn takes logical ids/,
  );
});

test('content hashes do not depend on key order', () => {
  assert.is(contentHash({ a: 1, b: { c: 2, d: 3 } }), contentHash({ b: { d: 3, c: 2 }, a: 1 }));
  assert.is.not(contentHash({ a: 1 }), contentHash({ a: 2 }));
});

test.run();
