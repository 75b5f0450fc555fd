/**
 * Which resource types take tags, and how, comes from the resource schemas of the pinned cfn-lint
 * (src/core/generated/tag-shapes.ts), not from a hand-kept list.
 */
import { ApplicationAutoScaling, AutoScaling, Lambda, SQS, SSM } from 'cloudform-types';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { STANDARD_TAG_KEYS } from '../../src/conventions';
import { CustomResource } from '../../src/core/extensions';
import { isTaggable } from '../../src/core/tags';
import { TemplateBuilder } from '../../src/core/template';
import { TEST_TAGS } from '../support/tags';

const test = suite('core: tags from the resource schemas');
const tags = TEST_TAGS;

type Doc = { Resources: Record<string, { Properties: { Tags?: unknown } }> };

test('an outside stack can add an event source mapping (tagged) and a queue policy (no Tags)', () => {
  const t = new TemplateBuilder('outside', tags);
  t.resource(
    'Mapping',
    new Lambda.EventSourceMapping({ FunctionName: 'f', EventSourceArn: 'arn:aws:sqs:::q' }),
  );
  t.resource('Policy', new SQS.QueuePolicy({ Queues: ['q'], PolicyDocument: {} }));
  const doc = t.build() as unknown as Doc;
  const mappingTags = doc.Resources.Mapping?.Properties.Tags as { Key: string }[];
  assert.equal(
    mappingTags.map((tag) => tag.Key),
    [...STANDARD_TAG_KEYS],
  );
  assert.is(doc.Resources.Policy?.Properties.Tags, undefined);
});

test('a type whose Tags is a map gets the tags as a map, keeping its own', () => {
  const t = new TemplateBuilder('outside', tags);
  t.resource('Param', new SSM.Parameter({ Type: 'String', Value: 'v', Tags: { Owner: 'me', Team: 'old' } }));
  const doc = t.build() as unknown as Doc;
  assert.equal(doc.Resources.Param?.Properties.Tags, { ...tags, Owner: 'me' });
});

test('a type whose tags need more than Key and Value is tagged through tagEntry, and refused without one', () => {
  const t = new TemplateBuilder('outside', tags);
  assert.throws(
    () => t.resource('Group', new AutoScaling.AutoScalingGroup({ MaxSize: '1', MinSize: '0' })),
    /fields beyond Key and Value: pass the resource option tagEntry/,
  );
  t.resource(
    'Fleet',
    new AutoScaling.AutoScalingGroup({
      MaxSize: '1',
      MinSize: '0',
      Tags: [{ Key: 'Owner', Value: 'me', PropagateAtLaunch: false }],
    }),
    { tagEntry: (Key, Value) => ({ Key, Value, PropagateAtLaunch: true }) },
  );
  const doc = t.build() as unknown as Doc;
  assert.equal(doc.Resources.Fleet?.Properties.Tags, [
    ...Object.entries(tags).map(([Key, Value]) => ({ Key, Value, PropagateAtLaunch: true })),
    { Key: 'Owner', Value: 'me', PropagateAtLaunch: false },
  ]);
});

test('a custom resource is accepted and left untagged: its properties go to its handler', () => {
  const t = new TemplateBuilder('outside', tags);
  const fn = t.resource(
    'Seed',
    new CustomResource('Custom::SeedTable', {
      ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:seed',
      Rows: 3,
    }),
  );
  assert.is(fn.type, 'Custom::SeedTable');
  const doc = t.build() as unknown as Doc;
  assert.equal(doc.Resources.Seed, {
    Type: 'Custom::SeedTable',
    Properties: { ServiceToken: 'arn:aws:lambda:us-east-1:111111111111:function:seed', Rows: 3 },
  } as unknown as Doc['Resources'][string]);
});

test('the builder takes any tag set as its type parameter', () => {
  const t = new TemplateBuilder('own tags', { Owner: 'team-a', Service: 'demo' });
  t.resource(
    'Target',
    new ApplicationAutoScaling.ScalableTarget({
      MaxCapacity: 1,
      MinCapacity: 1,
      ResourceId: 'table/x',
      ScalableDimension: 'dynamodb:table:WriteCapacityUnits',
      ServiceNamespace: 'dynamodb',
    }),
  );
  const doc = t.build() as unknown as Doc;
  assert.equal(doc.Resources.Target?.Properties.Tags, [
    { Key: 'Owner', Value: 'team-a' },
    { Key: 'Service', Value: 'demo' },
  ]);
});

test('taggability agrees with the schemas for the types the stacks use', () => {
  for (const type of ['AWS::SQS::Queue', 'AWS::Lambda::Function', 'AWS::DynamoDB::Table', 'AWS::KMS::Key'])
    assert.ok(isTaggable(type), type);
  for (const type of ['AWS::SQS::QueuePolicy', 'AWS::KMS::Alias', 'AWS::Lambda::Permission'])
    assert.not.ok(isTaggable(type), type);
  assert.not.ok(isTaggable('AWS::Example::Unknown'));
});

test.run();
