/**
 * ElasticMQ (Maven Central, provisioned by scripts/provision-tools.sh into .tools/elasticmq/), the
 * SQS-compatible server, on a free loopback port, in memory. Its configuration file only sets the
 * port; the queues (and their redrive policy) are created through the SQS API like the template's.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../paths';
import { freePort, type RunningServer, startProcess, stopProcess, tempDir, waitUntilReady } from './process';

const LIB = join(REPO_ROOT, '.tools', 'elasticmq', 'lib');
const MAIN_CLASS = 'org.elasticmq.server.Main';

function configuration(port: number): string {
  return [
    'include classpath("application.conf")',
    `node-address { protocol = http, host = "127.0.0.1", port = ${port}, context-path = "" }`,
    `rest-sqs { enabled = true, bind-port = ${port}, bind-hostname = "127.0.0.1", sqs-limits = strict }`,
    // The statistics endpoint has a fixed port that two servers at once would fight over.
    'rest-stats { enabled = false }',
    '',
  ].join('\n');
}

/** Starts a server; `stop` ends it (it also ends with this process). */
export async function startElasticMq(): Promise<RunningServer> {
  if (!existsSync(LIB))
    throw new Error(`ElasticMQ is missing: run "bash scripts/provision-tools.sh elasticmq"`);
  const [port, scratch] = await Promise.all([freePort(), tempDir('elasticmq')]);
  const config = join(scratch, 'elasticmq.conf');
  await writeFile(config, configuration(port));
  const server = await startProcess('elasticmq', 'java', [
    `-Dconfig.file=${config}`,
    `-Djava.io.tmpdir=${scratch}`,
    '-cp',
    `${LIB}/*`,
    MAIN_CLASS,
  ]);
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilReady('ElasticMQ', server, async () => (await fetch(endpoint)).status > 0);
  return { endpoint, stop: () => stopProcess(server) };
}
