/**
 * This team's own environments, written as ServApp's own src/environments.ts is: a qa environment
 * in one region, and a live one in another account, API-key authenticated, provisioned, protected
 * and keeping its logs 30 days.
 */
import { defineConfig } from 'servapp/config';

const TAGS = { team: 'quant-research', costCenter: 'CC-4200' };

export default defineConfig({
  environments: {
    qa: {
      suffix: 'qa',
      regions: ['eu-west-1'],
      tags: { environment: 'qa', ...TAGS },
      branch: 'develop',
      parameters: { AlarmEmail: 'quant-oncall@example.com' },
    },
    live: {
      suffix: 'live',
      account: '210987654321',
      regions: ['eu-west-1', 'eu-central-1'],
      tags: { environment: 'production', ...TAGS },
      branch: 'develop',
      build: {
        apiAuth: 'API_KEY',
        billingMode: 'PROVISIONED',
        deletionProtection: true,
        logRetentionDays: 30,
      },
    },
  },
  pipeline: { suffix: 'quant', stages: [{ environment: 'qa' }, { environment: 'live', approval: true }] },
});
