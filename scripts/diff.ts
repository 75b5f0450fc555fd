/**
 * `npm run diff -- <before.json> <after.json> | --git <ref> | --deployed --environment-suffix <s>`
 * Reviews a change before it rolls out; see scripts/review/.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMain } from './cli/args';
import { DIFF_COMMAND, parseDiffOptions } from './review/options';
import { diffReviews, formatReviews } from './review/run-diff';
import { awsClients } from './rollout/clients';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<number> {
  const options = parseDiffOptions(process.argv.slice(2));
  const clients = options.target.kind === 'deployed' ? await awsClients('us-east-1') : undefined;
  const reviews = await diffReviews(options, {
    root: ROOT,
    cloudFormation: () => {
      if (!clients) throw new Error('no AWS client outside --deployed');
      return clients.cloudFormation();
    },
    log: (line) => process.stderr.write(`${line}\n`),
  });
  process.stdout.write(formatReviews(reviews, options.format));
  return 0;
}

// Exits with the code: the SDK clients' open sockets would otherwise keep the process alive.
await runMain(DIFF_COMMAND, main, { exit: true });
