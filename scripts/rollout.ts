/**
 * `npm run rollout -- --env <name> [--regions r1,r2] [--dry-run] [--parameter K=V ...] [--template F]`
 * Rolls an environment of src/environments.ts out as the StackSet `servapp-<suffix>`; see scripts/rollout/run.ts.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMain } from './cli/args';
import { awsClients } from './rollout/clients';
import { parseRolloutOptions, ROLLOUT_COMMAND } from './rollout/options';
import { sleep } from './rollout/retry';
import { rollout } from './rollout/run';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<number> {
  const options = parseRolloutOptions(process.argv.slice(2));
  const clients = await awsClients(options.regions[0] ?? 'us-east-1');
  return rollout(options, {
    root: ROOT,
    homeRegion: clients.homeRegion,
    cloudFormation: clients.cloudFormation,
    s3: clients.s3,
    sts: clients.sts,
    out: { isTTY: Boolean(process.stdout.isTTY), write: (text) => process.stdout.write(text) },
    sleep,
    now: Date.now,
    pollMs: Number(process.env.SERVAPP_ROLLOUT_POLL_MS ?? 5000),
    retryDelayMs: 15_000,
    retryAttempts: 40,
  });
}

// Exits with the code: the SDK clients' open sockets would otherwise keep the process alive.
await runMain(ROLLOUT_COMMAND, main, { exit: true });
