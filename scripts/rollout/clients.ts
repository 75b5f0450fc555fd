/**
 * AWS clients built from the SDK's standard configuration (AWS_REGION, AWS_PROFILE, shared config
 * files, AWS_ENDPOINT_URL and its per-service variants). With a custom endpoint S3 is addressed
 * path-style: local emulators do not resolve `<bucket>.<host>` names.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';

export interface AwsClients {
  /** The region StackSet operations are made in (the StackSet's home region). */
  homeRegion: string;
  cloudFormation(region?: string): CloudFormationClient;
  s3(region: string): S3Client;
  lambda(region: string): LambdaClient;
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
  const cache = new Map<string, CloudFormationClient | S3Client | LambdaClient | STSClient>();
  const cached = <T extends CloudFormationClient | S3Client | LambdaClient | STSClient>(
    key: string,
    make: () => T,
  ): T => {
    const found = cache.get(key);
    if (found) return found as T;
    const made = make();
    cache.set(key, made);
    return made;
  };
  const forcePathStyle = customEndpoint();
  return {
    homeRegion,
    cloudFormation: (region = homeRegion) =>
      cached(`cf:${region}`, () => new CloudFormationClient({ region })),
    s3: (region) => cached(`s3:${region}`, () => new S3Client({ region, forcePathStyle })),
    lambda: (region) => cached(`lambda:${region}`, () => new LambdaClient({ region })),
    sts: () => cached('sts', () => new STSClient({ region: homeRegion })),
  };
}
