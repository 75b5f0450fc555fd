/**
 * `npm run bootstrap -- --regions us-east-1,us-west-2 [--artifact-bucket-prefix p] [--parameter K=V ...]`
 *
 * Deploys templates/bootstrap.json as the plain stack `servapp-bootstrap` in every region: the
 * artifact bucket everywhere, and the account-wide StackSet roles in the first region only (IAM is
 * global). Safe to rerun: an unchanged stack is left alone.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BOOTSTRAP_STACK_NAME, DEFAULT_ARTIFACT_BUCKET_PREFIX } from '../src/bootstrap/conventions';
import { deployStack } from './bootstrap/deploy-stack';
import { bootstrapParameters } from './bootstrap/parameters';
import { parseArgs, parseParameters, parseRegions, single, UsageError } from './rollout/args';
import { awsClients } from './rollout/clients';
import { lintTemplates } from './rollout/lint';
import { sleep } from './rollout/retry';
import { loadTemplate } from './rollout/template-source';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const USAGE =
  'usage: npm run bootstrap -- --regions us-east-1,us-west-2 [--artifact-bucket-prefix <p>] [--parameter Key=Value ...]';

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2), {
    regions: { value: true },
    'artifact-bucket-prefix': { value: true },
    parameter: { value: true, repeat: true },
  });
  const regions = parseRegions(single(parsed, 'regions'));
  const prefix = single(parsed, 'artifact-bucket-prefix') ?? DEFAULT_ARTIFACT_BUCKET_PREFIX;
  const overrides = parseParameters(parsed.values.get('parameter') ?? []);
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

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    if (error instanceof UsageError) console.error(`${error.message}\n${USAGE}`);
    else console.error(`bootstrap failed: ${error.name}: ${error.message}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
