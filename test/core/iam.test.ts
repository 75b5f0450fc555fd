import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { allow, allowUnscoped, policyDocument, s3Arn } from '../../src/core/iam';

const test = suite('core: least-privilege IAM statements');

test('wildcard actions are refused', () => {
  assert.throws(() => allow('All', ['s3:*'], ['arn:aws:s3:::b']), /no wildcards/);
  assert.throws(() => allow('Some', ['dynamodb:Get*'], ['arn']), /no wildcards/);
  assert.throws(() => allow('Any', ['*'], ['arn']), /no wildcards/);
});

test('Resource "*" needs allowUnscoped and a reason', () => {
  assert.throws(() => allow('Star', ['s3:GetObject'], ['*']), /allowUnscoped/);
  assert.throws(() => allowUnscoped('Xray', ['xray:PutTraceSegments'], ''), /say why/);
  assert.is(allowUnscoped('Xray', ['xray:PutTraceSegments'], 'segments have no ARN').Resource, '*');
});

test('statement ids are unique and actions sorted', () => {
  const a = allow('Read', ['s3:GetObject', 'kms:Decrypt'], ['arn']);
  assert.equal(a.Action, ['kms:Decrypt', 's3:GetObject']);
  assert.throws(() => policyDocument([a, a]), /used twice/);
});

test('S3 ARNs are built as strings, keeping the bucket out of dependency cycles', () => {
  assert.equal(JSON.parse(JSON.stringify(s3Arn('b-${AWS::Region}', 'incoming/*'))), {
    'Fn::Sub': 'arn:${AWS::Partition}:s3:::b-${AWS::Region}/incoming/*',
  });
});

test.run();
