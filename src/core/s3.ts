/**
 * Buckets as every stack here wants them: private (public access blocked, ACLs disabled),
 * encrypted, versioned, expiring, and reachable over TLS 1.2+ only.
 */
import { S3, type Value } from 'cloudform-types';
import { s3Arn } from './iam.js';
import type { Handle } from './template.js';

export const BLOCK_PUBLIC_ACCESS = {
  BlockPublicAcls: true,
  BlockPublicPolicy: true,
  IgnorePublicAcls: true,
  RestrictPublicBuckets: true,
};

export interface PrivateBucketOptions {
  name: Value<string>;
  /** A KMS key ARN for SSE-KMS; `AES256` for SSE-S3 (S3 access logs cannot go to SSE-KMS buckets). */
  encryption: Value<string> | 'AES256';
  /** Current objects are deleted this long after they are written; old versions a day after. */
  expiryDays: number;
}

/** Bucket properties every bucket here shares; spread them and add what is particular. */
export function privateBucketProperties(options: PrivateBucketOptions) {
  const byDefault =
    options.encryption === 'AES256'
      ? { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }
      : {
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: options.encryption },
          BucketKeyEnabled: true,
        };
  return {
    BucketName: options.name,
    BucketEncryption: { ServerSideEncryptionConfiguration: [byDefault] },
    PublicAccessBlockConfiguration: BLOCK_PUBLIC_ACCESS,
    OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    VersioningConfiguration: { Status: 'Enabled' },
    LifecycleConfiguration: {
      Rules: [
        {
          Id: `expire-after-${options.expiryDays}-days`,
          Status: 'Enabled',
          ExpirationInDays: options.expiryDays,
          NoncurrentVersionExpirationInDays: 1,
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        },
      ],
    },
  };
}

/**
 * A bucket policy that refuses plain HTTP and TLS older than 1.2, plus any statements given.
 * `pattern` is the bucket name as a Sub pattern, so the ARNs do not reference the bucket resource.
 */
export function tlsOnlyBucketPolicy(
  bucket: Handle,
  pattern: string,
  statements: Record<string, unknown>[] = [],
): S3.BucketPolicy {
  const resources = [s3Arn(pattern), s3Arn(pattern, '*')];
  const deny = (sid: string, condition: Record<string, unknown>) => ({
    Sid: sid,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: resources,
    Condition: condition,
  });
  return new S3.BucketPolicy({
    Bucket: bucket.ref(),
    PolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        deny('DenyInsecureTransport', { Bool: { 'aws:SecureTransport': 'false' } }),
        deny('DenyOutdatedTls', { NumericLessThan: { 's3:TlsVersion': '1.2' } }),
        ...statements,
      ],
    },
  });
}
