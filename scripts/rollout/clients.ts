/**
 * AWS clients built from the SDK's standard configuration (AWS_REGION, AWS_PROFILE, shared config
 * files, AWS_ENDPOINT_URL and its per-service variants). With a custom endpoint S3 is addressed
 * path-style: local emulators do not resolve `<bucket>.<host>` names.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';

/** A call that never reached AWS: the call and the endpoint it tried, so the user can tell which. */
export class EndpointUnreachableError extends Error {
  override name = 'EndpointUnreachableError';
  constructor(
    readonly call: string,
    readonly endpoint: string,
    cause: Error,
  ) {
    super(
      `${call} could not reach ${endpoint}: ${cause.message || (cause as { code?: string }).code || cause.name}`,
      { cause },
    );
  }
}

const CONNECTION_FAILURES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
]);

function isConnectionFailure(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code;
  return (code !== undefined && CONNECTION_FAILURES.has(code)) || error.name === 'TimeoutError';
}

interface WithMiddleware {
  middlewareStack: {
    add(
      middleware: (
        next: (args: { request?: unknown }) => Promise<unknown>,
        context: { clientName?: string; commandName?: string },
      ) => (args: { request?: unknown }) => Promise<unknown>,
      options: { step: 'finalizeRequest'; name: string },
    ): void;
  };
}

/** Makes a failed connection name the call (`CloudFormationClient.DescribeStackSetCommand`) and the endpoint. */
export function nameUnreachableEndpoints<C>(client: C): C {
  (client as unknown as WithMiddleware).middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (!isConnectionFailure(error)) throw error;
        const request = args.request as {
          protocol?: string;
          hostname?: string;
          port?: number;
          path?: string;
        };
        const endpoint = `${request.protocol ?? 'https:'}//${request.hostname ?? '?'}${request.port ? `:${request.port}` : ''}`;
        throw new EndpointUnreachableError(`${context.clientName}.${context.commandName}`, endpoint, error);
      }
    },
    { step: 'finalizeRequest', name: 'servappNameUnreachableEndpoints' },
  );
  return client;
}

export interface AwsClients {
  /** The region StackSet operations are made in (the StackSet's home region). */
  homeRegion: string;
  cloudFormation(region?: string): CloudFormationClient;
  s3(region: string): S3Client;
  sts(): STSClient;
}

export function customEndpoint(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.AWS_ENDPOINT_URL || env.AWS_ENDPOINT_URL_S3);
}

/** The region the SDK's configuration names; `fallback` when none does. */
export async function configuredRegion(fallback: string): Promise<string> {
  const probe = new CloudFormationClient({});
  try {
    return await probe.config.region();
  } catch {
    return fallback;
  } finally {
    probe.destroy();
  }
}

export async function awsClients(fallbackRegion: string): Promise<AwsClients> {
  const homeRegion = await configuredRegion(fallbackRegion);
  const cache = new Map<string, CloudFormationClient | S3Client | STSClient>();
  const cached = <T extends CloudFormationClient | S3Client | STSClient>(key: string, make: () => T): T => {
    const found = cache.get(key);
    if (found) return found as T;
    const made = nameUnreachableEndpoints(make());
    cache.set(key, made);
    return made;
  };
  const forcePathStyle = customEndpoint();
  return {
    homeRegion,
    cloudFormation: (region = homeRegion) =>
      cached(`cf:${region}`, () => new CloudFormationClient({ region })),
    s3: (region) => cached(`s3:${region}`, () => new S3Client({ region, forcePathStyle })),
    sts: () => cached('sts', () => new STSClient({ region: homeRegion })),
  };
}
