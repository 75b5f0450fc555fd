/** The tests' shared ElasticMQ server, started on first use and stopped with the test process. */
import { startElasticMq } from '../../scripts/local/servers/elasticmq';

let started: Promise<string> | undefined;

export function elasticMq(): Promise<string> {
  started ??= startElasticMq().then((server) => server.endpoint);
  return started;
}
