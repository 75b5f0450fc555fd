/**
 * `npm run bootstrap -- --regions us-east-1,us-west-2 [--artifact-bucket-prefix p] [--parameter K=V ...]`
 *
 * Deploys templates/bootstrap.json as the plain stack `servapp-bootstrap` in every region: the
 * artifact bucket everywhere, and the account-wide StackSet roles in the first region only (IAM is
 * global). Safe to rerun: an unchanged stack is left alone.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BOOTSTRAP_STACK_NAME, DEFAULT_ARTIFACT_BUCKET_PREFIX } from '../src/conventions';
import { deployStack } from './bootstrap/deploy-stack';
import { bootstrapParameters } from './bootstrap/parameters';
import { defineCommand, keyValues, regionList, runMain } from './cli/args';
import { awsClients } from './rollout/clients';
import { lintTemplates } from './rollout/lint';
import { sleep } from './rollout/retry';
import { loadTemplate } from './rollout/template-source';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BOOTSTRAP = defineCommand({
  name: 'bootstrap',
  usage: `usage: npm run bootstrap -- --regions <r1,r2,...> [options]
Deploys templates/bootstrap.json as the stack ${BOOTSTRAP_STACK_NAME} in each region (once per account):
the artifact bucket in every region, the StackSet roles in the first one.
  --regions <r1,r2,...>              regions to bootstrap; the first also gets the account-wide roles
  --artifact-bucket-prefix <prefix>  artifact bucket prefix (default ${DEFAULT_ARTIFACT_BUCKET_PREFIX}); pass the same to the rollout
  --parameter Key=Value              set a parameter of the bootstrap template (repeatable)
  -h, --help                         this help
exit codes: 0 every region deployed or unchanged, 1 a region failed, 2 usage`,
  options: {
    regions: { type: 'string' },
    'artifact-bucket-prefix': { type: 'string', default: DEFAULT_ARTIFACT_BUCKET_PREFIX },
    parameter: { type: 'string', multiple: true },
  },
});

async function main(): Promise<number> {
  const { values } = BOOTSTRAP.parse(process.argv.slice(2));
  // Any region: unlike the regional template, the bootstrap template has no per-region mapping to outgrow.
  const regions = regionList('--regions', values.regions);
  const prefix = values['artifact-bucket-prefix'];
  const overrides = keyValues('--parameter', values.parameter);
  const template = loadTemplate(ROOT, 'bootstrap.json', { writeStale: true });
  lintTemplates(ROOT, [template.file], regions);
  console.log(
    `bootstrap: templates/bootstrap.json lint-clean; deploying ${BOOTSTRAP_STACK_NAME} to ${regions.join(', ')}`,
  );
  const clients = await awsClients(regions[0] ?? 'us-east-1');
  let failed = false;
  // The first region first: it creates the roles the others' buckets do not need but a rollout does.
  for (const region of regions) {
    try {
      const result = await deployStack(
        clients.cloudFormation(region),
        {
          name: BOOTSTRAP_STACK_NAME,
          body: template.body,
          parameters: bootstrapParameters(region, regions, prefix, overrides),
        },
        { pollMs: 5000, sleep },
      );
      console.log(`  ${region.padEnd(16)} ${result.action.padEnd(9)} ${result.status}`);
      for (const [key, value] of Object.entries(result.outputs).sort()) console.log(`    ${key} = ${value}`);
    } catch (error) {
      failed = true;
      console.log(`  ${region.padEnd(16)} FAILED    ${(error as Error).message}`);
    }
  }
  return failed ? 1 : 0;
}

// Exits with the code: the SDK clients' open sockets would otherwise keep the process alive.
await runMain(BOOTSTRAP, main, { exit: true });
