/** The tests' shared MinIO server, started on first use and stopped with the test process. */
import { startMinio } from '../../scripts/local/servers/minio';

/** DynamoDB Local refuses access key ids that are not purely letters and digits. */
export const MINIO_CREDENTIALS = {
  accessKeyId: 'servapptest',
  secretAccessKey: 'servapptestsecret',
} as const;

let started: Promise<string> | undefined;

export function minio(): Promise<string> {
  started ??= startMinio({ credentials: MINIO_CREDENTIALS }).then((server) => server.endpoint);
  return started;
}
