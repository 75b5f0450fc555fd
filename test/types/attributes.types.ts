/**
 * Compile-time checks, run by `npm run typecheck` (tsconfig includes test/): each
 * `@ts-expect-error` line must fail to compile, or tsc reports the directive as unused.
 * test/core/typed-handles.test.ts runs the same code to show that what compiles also builds.
 */
import { DynamoDB, Lambda, SQS } from 'cloudform-types';
import { TemplateBuilder } from '../../src/core/template';
import type { RegionalStackOptions } from '../../src/regional/options';

export function typedHandles(): TemplateBuilder<{ Owner: string }> {
  const t = new TemplateBuilder('type checks', { Owner: 'tests' });
  const queue = t.resource('Queue', new SQS.Queue({ VisibilityTimeout: 30 }));
  const table = t.resource(
    'Table',
    new DynamoDB.Table({
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    }),
  );
  queue.getAtt('Arn');
  queue.getAtt('QueueUrl');
  table.getAtt('StreamArn');
  return t;
}

/** Never called: its lines exist to fail compilation. */
export function mustNotCompile(t: TemplateBuilder<{ Owner: string }>): void {
  const queue = t.resource('Queue2', new SQS.Queue({}));
  const table = t.resource('Table2', new DynamoDB.Table({ KeySchema: [], AttributeDefinitions: [] }));
  // @ts-expect-error a table's attribute is not a queue's
  queue.getAtt('StreamArn');
  // @ts-expect-error a misspelled attribute
  table.getAtt('Arm');
  // @ts-expect-error a parameter has no attributes
  t.parameter('P', { Type: 'String' }, { label: 'P', group: 'G' }).getAtt('Arn');

  // @ts-expect-error a misspelled property
  new SQS.Queue({ VisibilityTimout: 30 });
  // @ts-expect-error a wrong-typed property
  new SQS.Queue({ VisibilityTimeout: [30] });
  // @ts-expect-error a required property missing
  new Lambda.Function({ Role: queue.getAtt('Arn') });

  // @ts-expect-error the tag set is the builder's type parameter
  new TemplateBuilder<{ Owner: string }>('wrong tags', { Team: 'x' });
}

/** Options are deep-partial and typed: these compile … */
export const partialOptions: RegionalStackOptions[] = [
  { processor: { memoryMb: 512 } },
  { billingMode: undefined, apiAuth: undefined },
  { throttle: { burstLimit: 3000 } },
];

/** … and these do not. Never called. */
export function badOptions(): RegionalStackOptions[] {
  return [
    // @ts-expect-error an unknown option
    { processr: { memoryMb: 512 } },
    // @ts-expect-error a misspelled nested option
    { processor: { memoryMB: 512 } },
    // @ts-expect-error a wrong-typed option
    { deletionProtection: 'yes' },
    // @ts-expect-error a value outside the union
    { billingMode: 'FOO' },
    // @ts-expect-error a runtime the stack does not support
    { runtime: 'nodejs99.x' },
  ];
}
