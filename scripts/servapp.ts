/**
 * `npm run servapp -- <command>`: the analysts' client.
 *
 *   upload <file.csv>                          upload with progress, follow the job, print the summary
 *   status <jobId>                             a job's state and counts
 *   results <symbol> [--from --to --limit --all]   rows as a table (--json for scripts)
 *
 * --api <url> (or SERVAPP_API) picks the API: the local one by default. A deployed stage with IAM
 * authorisation is called with SigV4 from the standard AWS credentials (--sigv4, automatic for
 * execute-api URLs); one with API-key authorisation with --api-key (or SERVAPP_API_KEY). Exit codes: 0 ok, 1 the job failed or had rejected rows, 2 usage, 3 API
 * refused the request, 4 the file upload was refused, 5 network or unexpected error.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import {
  ApiError,
  postFile,
  type ResultsQuery,
  resultsTable,
  ServAppClient,
  signer,
  UploadRefusedError,
} from '../src/client';
import { LIMITS, type StatusResponse } from '../src/contract';
import { defineCommand, integer, reportUsage, UsageError } from './cli/args';

const EXIT = { ok: 0, jobFailed: 1, usage: 2, api: 3, upload: 4, other: 5 } as const;
const cli = defineCommand({
  name: 'servapp',
  usage: `usage: npm run servapp -- [options] <command>
commands:
  upload <file.csv>    upload with a progress bar, follow the job, print its counts and first rejected rows
  status <jobId>       a job's state and counts
  results <symbol>     rows newest first, as a table
options:
  --api URL            the API (default: $SERVAPP_API, else http://127.0.0.1:3000)
  --sigv4              sign requests with the standard AWS credentials (automatic for execute-api URLs)
  --api-key KEY        send KEY as x-api-key, for an API built with apiAuth API_KEY (default: $SERVAPP_API_KEY;
                       the stack's ApiKeyId output names the key: aws apigateway get-api-key --include-value)
  --json               print JSON instead of tables, for scripts
  --from T, --to T     results: the time range (ISO 8601)
  --limit N            results: rows per page, 1 to ${LIMITS.resultsMaxLimit}
  --all                results: every page
  -h, --help           this help
exit codes: 0 ok, 1 the job failed or had rejected rows, 2 usage, 3 the API refused,
  4 the S3 upload was refused, 5 network or other errors`,
  maxPositionals: 2,
  options: {
    api: { type: 'string', default: process.env.SERVAPP_API ?? 'http://127.0.0.1:3000' },
    sigv4: { type: 'boolean', default: false },
    'api-key': { type: 'string' },
    json: { type: 'boolean', default: false },
    from: { type: 'string' },
    to: { type: 'string' },
    limit: { type: 'string' },
    all: { type: 'boolean', default: false },
  },
});
const { values, positionals } = cli.parseOrExit();

const tty = process.stderr.isTTY === true;
const status = (line: string) => {
  if (tty) process.stderr.write(`\r\u001b[2K${line}`);
};
const done = (line: string) => process.stderr.write(tty ? `\r\u001b[2K${line}\n` : `${line}\n`);

function client(): ServAppClient {
  const url = new URL(values.api);
  const apiKey = values['api-key'] ?? process.env.SERVAPP_API_KEY;
  const keyOption = apiKey ? { apiKey } : {};
  const executeApi = /^[a-z0-9]+\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(url.hostname);
  // A key alone is the API_KEY mode: nothing to sign, whatever the host.
  if (!values.sigv4 && (!executeApi || apiKey)) return new ServAppClient(values.api, keyOption);
  const region = executeApi?.[1] ?? process.env.AWS_REGION ?? 'us-east-1';
  return new ServAppClient(values.api, { ...keyOption, signer: signer(region, fromNodeProviderChain()) });
}

function bar(sent: number, total: number): string {
  const width = 30;
  const filled = total === 0 ? width : Math.round((sent / total) * width);
  const mib = (n: number) => (n / 1048576).toFixed(1);
  return `uploading [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${mib(sent)}/${mib(total)} MiB`;
}

/**
 * Processing progress after the upload bar: a file of one part shows its state; a fanned-out file
 * shows its parts done (and failed) of the total, and the rows its finished parts stored.
 */
function progress(job: StatusResponse, frame: string): string {
  if (job.partsTotal === 0) return `${frame} job ${job.jobId}: ${job.status}`;
  const width = 30;
  const settled = job.partsDone + job.partsFailed;
  const filled = Math.round((settled / job.partsTotal) * width);
  const failed = job.partsFailed > 0 ? `, ${job.partsFailed} failed` : '';
  return `processing [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] parts ${job.partsDone}/${job.partsTotal}${failed}; ${job.rowsSoFar} of ${job.rowsTotal - job.rowsRejected - job.rowsDuplicate} rows stored`;
}

/** A 20,000,000-row file takes about half an hour at 10,000 rows/s; wait well past that. */
const FOLLOW_TIMEOUT_MS = 4 * 60 * 60 * 1000;
const FOLLOW_INTERVAL_MS = 500;

function summary(job: StatusResponse): string {
  const lines = [
    `job ${job.jobId}: ${job.status}`,
    `  rows: ${job.rowsTotal} read, ${job.rowsStored} stored, ${job.rowsRejected} rejected, ${job.rowsDuplicate} duplicate`,
  ];
  if (job.partsTotal > 0)
    lines.push(`  parts: ${job.partsTotal} in all, ${job.partsDone} done, ${job.partsFailed} failed`);
  if (job.failureReason) lines.push(`  reason: ${job.failureReason}`);
  for (const error of job.errors.slice(0, 10)) lines.push(`  line ${error.line}: ${error.reason}`);
  if (job.errors.length > 10)
    lines.push(`  … ${job.errors.length - 10} more on the job, all in its rejected-rows report`);
  return lines.join('\n');
}

async function upload(api: ServAppClient, file: string): Promise<number> {
  const size = (await stat(file).catch(() => undefined))?.size;
  if (size === undefined) throw new UsageError(`no such file: ${file}`);
  const job = await api.createUpload(basename(file), size);
  await postFile(job.upload, file, (sent, total) => status(bar(sent, total)));
  done(`${bar(size, size)} done`);
  const frames = ['|', '/', '-', '\\'];
  let tick = 0;
  const final = await api.followJob(
    job.jobId,
    (s) => {
      tick += 1;
      status(progress(s, frames[tick % frames.length] ?? '|'));
    },
    FOLLOW_INTERVAL_MS,
    FOLLOW_TIMEOUT_MS,
  );
  done('');
  console.log(values.json ? JSON.stringify(final, null, 2) : summary(final));
  return final.status === 'COMPLETED' ? EXIT.ok : EXIT.jobFailed;
}

async function results(api: ServAppClient, symbol: string, limit: number | undefined): Promise<number> {
  const query: ResultsQuery = {};
  if (values.from) query.from = values.from;
  if (values.to) query.to = values.to;
  if (limit !== undefined) query.limit = limit;
  if (values.all) {
    const items = await api.allResults(symbol, query);
    console.log(values.json ? JSON.stringify({ symbol, items }, null, 2) : resultsTable(items));
    if (!values.json) console.error(`${items.length} rows`);
    return EXIT.ok;
  }
  const page = await api.results(symbol, query);
  console.log(values.json ? JSON.stringify(page, null, 2) : resultsTable(page.items));
  if (!values.json) {
    console.error(`${page.items.length} rows${page.nextToken ? '; more: --all, or pass nextToken' : ''}`);
  }
  return EXIT.ok;
}

async function main(): Promise<number> {
  const limit = integer('--limit', values.limit, { min: 1, max: LIMITS.resultsMaxLimit });
  if (!URL.canParse(values.api)) throw new UsageError(`--api must be a URL, not ${values.api}`);
  const [command, argument] = positionals;
  const what = { upload: 'a file', status: 'a job id', results: 'a symbol' } as const;
  if (command !== 'upload' && command !== 'status' && command !== 'results')
    throw new UsageError(command ? `unknown command ${command}` : 'which command? upload, status or results');
  if (!argument) throw new UsageError(`${command} needs ${what[command]}`);
  const api = client();
  if (command === 'upload') return upload(api, argument);
  if (command === 'status') {
    const job = await api.status(argument);
    console.log(values.json ? JSON.stringify(job, null, 2) : summary(job));
    return EXIT.ok;
  }
  return results(api, argument, limit);
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof UsageError) {
    process.exitCode = reportUsage(cli, error) ?? EXIT.usage;
  } else if (error instanceof ApiError) {
    console.error(
      `the API refused: ${error.status} ${error.code}: ${error.message} (correlation id ${error.correlationId ?? 'none'})`,
    );
    process.exitCode = EXIT.api;
  } else if (error instanceof UploadRefusedError) {
    console.error(`the upload was refused: ${error.status} ${error.s3Code}: ${error.message}`);
    process.exitCode = EXIT.upload;
  } else {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    console.error(
      `could not reach ${values.api}: ${error instanceof Error ? error.message : String(error)}${cause}`,
    );
    process.exitCode = EXIT.other;
  }
}
