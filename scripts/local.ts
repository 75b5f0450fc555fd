/**
 * `npm run local [-- --port N] [--auth iam]`: the whole pipeline on this machine, behind the same
 * contract and with the same bundles as the deployed stack. Runs until interrupted.
 */
import { parseArgs } from 'node:util';
import { LOCAL_CREDENTIALS } from './local/sigv4';
import { startLocalStack } from './local/stack';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3000' },
    auth: { type: 'string', default: 'none' },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, not ${values.port}`);
  process.exit(2);
}
if (values.auth !== 'none' && values.auth !== 'iam') {
  console.error(`--auth must be none or iam, not ${values.auth}`);
  process.exit(2);
}

try {
  const stack = await startLocalStack({
    port,
    auth: values.auth,
    log: (line) => console.error(`local: ${line}`),
  });
  console.error(
    `local: DynamoDB Local ${stack.endpoints.dynamodb}, MinIO ${stack.endpoints.s3}, ElasticMQ ${stack.endpoints.sqs}`,
  );
  console.error(`local: parts past their last receive go to ${stack.partsQueues.deadLetterQueueUrl}`);
  console.error(`local: dead-lettered processor events go to ${stack.deadLetterFile}`);
  if (values.auth === 'iam') {
    console.error(
      `local: requests must be SigV4-signed (region us-east-1) with AWS_ACCESS_KEY_ID=${LOCAL_CREDENTIALS.accessKeyId} AWS_SECRET_ACCESS_KEY=${LOCAL_CREDENTIALS.secretAccessKey}`,
    );
  }
  console.log(`ServApp local API: ${stack.url}`);
  const shutdown = async () => {
    console.error('local: stopping');
    await stack.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (error) {
  console.error(`local: could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
