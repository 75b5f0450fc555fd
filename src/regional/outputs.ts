/** Outputs per region: what the rollout reports and what callers need. */
import { FUNCTION_NAMES } from '../contract/index.js';
import { functionIds, REGIONAL_OUTPUTS } from '../conventions/index.js';
import { sub } from '../core/intrinsics.js';
import type { Handle } from '../core/template.js';
import type { Api } from './api.js';
import type { RegionalContext } from './context.js';
import type { Functions } from './functions.js';
import type { Tables } from './tables.js';

export function outputs(
  ctx: RegionalContext,
  api: Api,
  fns: Functions,
  tables: Tables,
  bucket: Handle<'AWS::S3::Bucket'>,
): void {
  const { t, settings } = ctx;
  t.output(REGIONAL_OUTPUTS.apiEndpoint, {
    description: 'Base URL of the API stage',
    value: sub(`https://\${Api}.execute-api.\${AWS::Region}.\${AWS::URLSuffix}/${settings.stageName}`, {
      Api: api.restApi.ref(),
    }),
  });
  for (const fn of FUNCTION_NAMES) {
    t.output(functionIds(fn).arnOutput, {
      description: `ARN of the ${fn} function`,
      value: fns[fn].function.getAtt('Arn'),
    });
  }
  t.output(REGIONAL_OUTPUTS.marketDataTableName, {
    description: 'The market-data table',
    value: tables.marketData.ref(),
  });
  t.output(REGIONAL_OUTPUTS.jobsTableName, { description: 'The jobs table', value: tables.jobs.ref() });
  t.output(REGIONAL_OUTPUTS.uploadBucketName, { description: 'The upload bucket', value: bucket.ref() });
}
