/** The tests' shared DynamoDB Local server, started on first use and stopped with the test process. */
import { startDynamoDbLocal } from '../../scripts/local/servers/dynamodb-local';

let started: Promise<string> | undefined;

export function dynamoDbLocal(): Promise<string> {
  started ??= startDynamoDbLocal().then((server) => server.endpoint);
  return started;
}
