/**
 * ServApp's environments: the one file a team edits to add, change or promote an environment.
 * `npm run build:templates` writes `templates/<name>/regional.json` for each, `npm run rollout --
 * --env <name>` deploys one, and the pipeline deploys them in the order of `pipeline.stages`.
 */
import { defineConfig } from './config/index.js';

const TAGS = { team: 'market-data', costCenter: 'CC-0000' };

export default defineConfig({
  environments: {
    dev: {
      suffix: 'dev',
      regions: ['us-east-1', 'us-west-2'],
      tags: { environment: 'development', ...TAGS },
      branch: 'main',
    },
    prod: {
      suffix: 'prod',
      regions: ['us-east-1', 'us-west-2'],
      tags: { environment: 'production', ...TAGS },
      branch: 'main',
      build: {
        // Capacity is reserved and scaled, data stores survive a stack deletion or replacement,
        // and logs are kept long enough for an incident review.
        billingMode: 'PROVISIONED',
        provisioned: { read: { min: 25, max: 4000 }, write: { min: 100, max: 4000 } },
        deletionProtection: true,
        logRetentionDays: 30,
      },
    },
  },
  pipeline: {
    suffix: 'release',
    stages: [{ environment: 'dev' }, { environment: 'prod', approval: true }],
  },
});
