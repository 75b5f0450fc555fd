/** Outputs per region: what the rollout reports and what callers need. */
import { FUNCTION_NAMES, type FunctionName } from '../contract/index.js';
import { sub } from '../core/intrinsics.js';
import type { Handle } from '../core/template.js';
import type { Api } from './api.js';
import type { RegionalContext } from './context.js';
import type { Functions } from './functions.js';
import type { Tables } from './tables.js';

/** The output naming a function's ARN: the rollout reads it to check the code each function runs. */
export function functionArnOutputId(fn: FunctionName): string {
  return `${fn.charAt(0).toUpperCase()}${fn.slice(1)}FunctionArn`;
}

export function outputs(
  ctx: RegionalContext,
  api: Api,
  fns: Functions,
  tables: Tables,
  bucket: Handle<'AWS::S3::Bucket'>,
): void {
  const { t, settings } = ctx;
  t.output('ApiEndpoint', {
    description: 'Base URL of the API stage',
    value: sub(`https://\${Api}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}/${settings.stageName}`, {
      Api: api.restApi.ref(),
    }),
  });
  for (const fn of FUNCTION_NAMES) {
    t.output(functionArnOutputId(fn), {
      description: `ARN of the ${fn} function`,
      value: fns[fn].function.getAtt('Arn'),
    });
  }
  t.output('MarketDataTableName', { description: 'The market-data table', value: tables.marketData.ref() });
  t.output('JobsTableName', { description: 'The jobs table', value: tables.jobs.ref() });
  t.output('UploadBucketName', { description: 'The upload bucket', value: bucket.ref() });
}
