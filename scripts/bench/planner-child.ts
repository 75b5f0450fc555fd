/**
 * One planner run in a process of its own, so that its peak RSS is the planner's alone: loads the
 * processor bundle as Lambda does (its dependencies from the environment the parent set), delivers
 * one S3 notification for the given key, and prints one JSON line with the outcome, the time and
 * the process's peak RSS. Run by `npm run bench:processor -- --planner-gib N`.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ProcessorModule } from '../../test/support/bundles';
import { lambdaContext, s3Event } from '../../test/support/events';

const [bundleDir, bucket, key] = process.argv.slice(2);
if (bundleDir === undefined || bucket === undefined || key === undefined)
  throw new Error('usage: planner-child <bundle dir> <bucket> <key>');
const { handler } = (await import(pathToFileURL(join(bundleDir, 'index.mjs')).href)) as ProcessorModule;
const started = performance.now();
let outcome: unknown;
try {
  outcome = await handler(s3Event(bucket, [key]), {
    ...lambdaContext(),
    getRemainingTimeInMillis: () => 900_000,
  });
} catch (error) {
  outcome = { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({ seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024, outcome })}\n`,
);
