/**
 * The change review on real template pairs: the regional template built from the library, and the
 * same with one option or one property changed.
 */

import { AppSync } from 'cloudform-types';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ResourceChange, Review } from '../../../scripts/review/model';
import { reviewChanges } from '../../../scripts/review/review';
import { TemplateBuilder } from '../../../src/core';
import type { TemplateDocument } from '../../../src/core/template';
import { body, built, changed, renamedId, statement } from '../../support/review-templates';

const test = suite('change review: each kind of change on regional templates built from the library');

const base = built();
const review = (after: TemplateDocument, before: TemplateDocument = base): Review =>
  reviewChanges({ title: 'test', before: body(before), after: body(after) });
const only = (r: Review, id: string): ResourceChange => {
  const found = r.resources.find((c) => c.logicalId === id);
  if (!found)
    throw new Error(`${id} is not in the review: ${r.resources.map((c) => c.logicalId).join(', ')}`);
  return found;
};
const singleKey = (t: TemplateDocument) =>
  changed(t, 'MarketDataTable', (table) => {
    table.Properties.KeySchema = [{ AttributeName: 'symbol', KeyType: 'HASH' }];
  });

test('the same template, re-serialised with other key order and formatting: no changes', () => {
  const reordered = JSON.parse(
    JSON.stringify(base, (_key, value: unknown) =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? Object.fromEntries(Object.entries(value).reverse())
        : value,
    ),
  ) as TemplateDocument;
  const r = review(reordered);
  assert.ok(r.noChanges);
  assert.is(r.resources.length, 0);
  assert.is(r.sections.length, 0);
});

test('add: API keys (apiAuth API_KEY) add the key and its usage plan, nothing is replaced', () => {
  const r = review(built({ apiAuth: 'API_KEY' }));
  const added = r.resources.filter((c) => c.kind === 'added').map((c) => c.type);
  assert.ok(added.includes('AWS::ApiGateway::ApiKey'), added.join(', '));
  assert.ok(added.includes('AWS::ApiGateway::UsagePlan'), added.join(', '));
  assert.equal(r.summary.replace, []);
  assert.equal(r.summary.dataLoss, []);
});

test('remove: back from API keys to IAM removes them; a removed stateless resource loses no data', () => {
  const r = review(base, built({ apiAuth: 'API_KEY' }));
  const removed = r.resources.filter((c) => c.kind === 'removed');
  assert.ok(removed.some((c) => c.type === 'AWS::ApiGateway::ApiKey'));
  assert.ok(removed.every((c) => c.dataLoss === undefined));
});

test('modify in place: the processor memory changes MemorySize at its path, old and new, no replacement', () => {
  const r = review(built({ processor: { memoryMb: 4096 } }));
  const fn = only(r, 'ProcessorFunction');
  assert.is(fn.kind, 'modified');
  assert.equal(fn.properties, [{ path: 'MemorySize', before: 3072, after: 4096 }]);
  assert.is(fn.replacement?.replacement, 'none');
  assert.equal(r.summary.replace, []);
});

test('replace + data loss: a new key schema replaces the market-data table and loses its items', () => {
  const r = review(singleKey(base));
  const table = only(r, 'MarketDataTable');
  assert.is(table.replacement?.replacement, 'will');
  assert.equal(
    table.properties.map((p) => p.path),
    ['KeySchema'],
  );
  assert.is(table.dataLoss?.cause, 'replacement');
  assert.match(table.dataLoss?.what ?? '', 'every item');
  assert.equal(r.summary.replace, ['MarketDataTable']);
  assert.equal(r.summary.dataLoss, ['MarketDataTable']);
  // The table keeps its TableName: CloudFormation cannot replace a custom-named resource.
  assert.ok(table.notes.some((n) => n.includes('custom name (TableName)')));
});

test('the cdk engine and the schema disagree on KeySchema: both are reported, the stricter wins', () => {
  const table = only(review(singleKey(base)), 'MarketDataTable');
  assert.equal(table.replacement?.engine, { replacement: 'will', because: ['KeySchema'] });
  // AWS::DynamoDB::Table's createOnlyProperties are TableName and ImportSourceSpecification only.
  assert.equal(table.replacement?.schema, { replacement: 'none', because: [] });
  assert.match(table.replacement?.disagreement ?? '', /cdk engine: replace \(KeySchema\)/);
  assert.match(table.replacement?.disagreement ?? '', /createOnlyProperties: update in place/);
});

test('the other way round: the schema replaces an AppSync cache on AtRestEncryptionEnabled, the engine does not', () => {
  // The library's own builder, with one property changed; no ServApp stack has an AppSync cache.
  const cache = (atRest: boolean) => {
    const t = new TemplateBuilder('an API cache', { Project: 'Demo' });
    t.resource(
      'Cache',
      new AppSync.ApiCache({
        ApiId: 'abcdefghijklmnopqrstuvwxyz',
        ApiCachingBehavior: 'FULL_REQUEST_CACHING',
        Ttl: 300,
        Type: 'SMALL',
        AtRestEncryptionEnabled: atRest,
      }),
    );
    return t.build();
  };
  const r = review(cache(true), cache(false));
  const change = only(r, 'Cache');
  assert.equal(change.replacement?.engine, { replacement: 'none', because: [] });
  assert.equal(change.replacement?.schema, {
    replacement: 'will',
    because: ['/properties/AtRestEncryptionEnabled'],
  });
  assert.is(change.replacement?.replacement, 'will');
  assert.match(
    change.replacement?.disagreement ?? '',
    /cdk engine: update in place; AWS::AppSync::ApiCache createOnlyProperties: replace/,
  );
});

test('both sources agree: a new bucket name replaces the bucket (engine and createOnly /properties/BucketName)', () => {
  const r = review(
    changed(base, 'UploadBucket', (bucket) => {
      bucket.Properties.BucketName = {
        'Fn::Sub': 'servapp-${EnvironmentSuffix}-uploads-v2-${AWS::AccountId}-${AWS::Region}',
      };
    }),
  );
  const bucket = only(r, 'UploadBucket');
  assert.is(bucket.replacement?.engine.replacement, 'will');
  assert.equal(bucket.replacement?.schema, { replacement: 'will', because: ['/properties/BucketName'] });
  assert.is(bucket.replacement?.disagreement, undefined);
  assert.is(bucket.dataLoss?.cause, 'replacement');
});

test('retained: with deletion protection (Retain) the same key-schema change leaves the table behind', () => {
  const protectedBase = built({ deletionProtection: true });
  const r = review(singleKey(protectedBase), protectedBase);
  const table = only(r, 'MarketDataTable');
  assert.is(table.replacement?.replacement, 'will');
  assert.is(table.dataLoss, undefined);
  assert.is(table.retained?.policy, 'UpdateReplacePolicy: Retain');
  assert.match(table.retained?.leftBehind ?? '', /the table stays in every region/);
  assert.equal(r.summary.dataLoss, []);
  assert.equal(r.summary.retained, ['MarketDataTable']);
});

test('renamed id: the table under a new logical id is a removal with data loss plus an addition, in words', () => {
  const r = review(renamedId(base, 'MarketDataTable', 'MarketDataTableV2'));
  const old = only(r, 'MarketDataTable');
  const renamed = only(r, 'MarketDataTableV2');
  assert.is(old.kind, 'removed');
  assert.is(renamed.kind, 'added');
  assert.equal(old.renamed, { to: 'MarketDataTableV2' });
  assert.is(old.dataLoss?.cause, 'removal');
  assert.ok(
    old.notes.some((n) =>
      n.includes('creates MarketDataTableV2 as a new resource and deletes MarketDataTable'),
    ),
  );
  assert.ok(old.notes.some((n) => n.includes('same TableName')));
});

test('broadening: adding dynamodb:* to a function role', () => {
  const r = review(
    changed(base, 'ResultsRole', (role) => {
      statement(role, 'QueryRows').Action.push('dynamodb:*');
    }),
  );
  assert.equal(r.summary.broadening, ['ResultsRole']);
  assert.equal(r.summary.narrowing, []);
  const [change] = r.security;
  assert.is(change?.direction, 'broadening');
  assert.is(change?.area, 'identity policy');
  assert.match(change?.detail ?? '', /^allows dynamodb:\* on .*MarketDataTable/);
});

test('narrowing: removing an action from a function role (the cdk engine calls it broadened)', () => {
  const r = review(
    changed(base, 'ResultsRole', (role) => {
      const s = statement(role, 'WriteLogs');
      s.Action = s.Action.filter((a) => a !== 'logs:PutLogEvents');
    }),
  );
  assert.equal(r.summary.narrowing, ['ResultsRole']);
  assert.equal(r.summary.broadening, []);
  assert.match(r.security[0]?.detail ?? '', /^no longer allows logs:PutLogEvents/);
  // The engine compares whole statements: a changed statement is a removal plus an addition.
  assert.is(r.engine.permissionsBroadened, true);
});

test('broadening: an unauthenticated API (apiAuth NONE) widens every operation', () => {
  const r = review(built({ apiAuth: 'NONE' }));
  const api = r.security.filter((s) => s.area === 'API authorization');
  assert.equal(api.map((s) => s.direction).sort(), ['broadening', 'broadening', 'broadening']);
  assert.ok(api.some((s) => s.detail.startsWith('POST /upload needs no authorization')));
});

test('broadening and narrowing: a public-access block flag off, then on again', () => {
  const open = changed(base, 'UploadBucket', (bucket) => {
    bucket.Properties.PublicAccessBlockConfiguration.BlockPublicPolicy = false;
  });
  assert.equal(
    review(open).security.map((s) => `${s.direction} ${s.detail}`),
    ['broadening BlockPublicPolicy turned off'],
  );
  assert.equal(
    review(base, open).security.map((s) => `${s.direction} ${s.detail}`),
    ['narrowing BlockPublicPolicy turned on'],
  );
});

test('may replace: the event source mapping pointed at another queue (a changed GetAtt target)', () => {
  const r = review(
    changed(base, 'WorkerEventSourceMapping', (mapping) => {
      mapping.Properties.EventSourceArn = { 'Fn::GetAtt': ['PartsDeadLetterQueue', 'Arn'] };
    }),
  );
  const mapping = only(r, 'WorkerEventSourceMapping');
  assert.is(mapping.replacement?.replacement, 'may');
  assert.equal(r.summary.mayReplace, ['WorkerEventSourceMapping']);
  assert.ok(
    mapping.notes.some((n) => n.includes('EventSourceArn now refers to another resource or parameter')),
  );
});

test('parameter change: a new default cap shows under Parameters with its path, old and new', () => {
  const r = review(built({ onDemandMax: { write: 20000 } }));
  const parameter = r.sections.find(
    (s) => s.section === 'Parameters' && s.name === 'MarketDataMaxWriteRequestUnits',
  );
  assert.equal(parameter?.changes, [{ path: 'Default', before: 40000, after: 20000 }]);
  assert.equal(r.summary.replace, []);
});

test('deploy-time values: a new EnvironmentSuffix value may replace every custom-named stateful resource', () => {
  const values = { EnvironmentSuffix: 'dev' };
  const r = reviewChanges({
    title: 'test',
    before: body(base),
    after: body(base),
    parameters: { before: values, after: { EnvironmentSuffix: 'prod' } },
  });
  assert.equal(r.parameterValues, [{ path: 'EnvironmentSuffix', before: 'dev', after: 'prod' }]);
  assert.ok(r.summary.mayReplace.includes('MarketDataTable'));
  assert.is(only(r, 'MarketDataTable').dataLoss?.certainty, 'may');
});

test.run();
