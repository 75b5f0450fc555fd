/**
 * Puts each zip into each region's artifact bucket under its content hash, and the template when it
 * is staged. What to upload is decided from HeadObject answers alone, so a rerun uploads nothing.
 *
 * An object already under the key is not trusted for its name: anyone who could write the bucket
 * could have put other bytes under tomorrow's hash. S3 keeps the SHA-256 each upload declared
 * (`x-amz-checksum-sha256`, verified by S3 on upload); an existing object is kept only when that
 * checksum is the local file's. A different one is refused; an object without one (uploaded
 * before checksums were sent) is replaced by the local bytes.
 */
import {
  ChecksumAlgorithm,
  ChecksumMode,
  ChecksumType,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { artifactBucketName, lambdaCodeKey } from '../../src/conventions';
import type { Bundle } from './bundles';

export interface Upload {
  region: string;
  bucket: string;
  key: string;
  /** A file path, or the bytes themselves. */
  body: { file: string } | { bytes: Buffer };
  /** Hex SHA-256 of the body: what an existing object's checksum must be. */
  sha256: string;
  contentType: string;
}

export interface UploadResult {
  upload: Upload;
  /** `replaced`: an object without a checksum was overwritten with the local bytes. */
  action: 'uploaded' | 'present' | 'replaced' | 'would upload' | 'would replace';
}

export class ArtifactBucketError extends Error {
  override name = 'ArtifactBucketError';
}

export class ArtifactChecksumError extends Error {
  override name = 'ArtifactChecksumError';
}

/** S3 and Lambda give SHA-256 in base64; the manifest and the keys in hex. */
export function base64Sha256(hex: string): string {
  return Buffer.from(hex, 'hex').toString('base64');
}

/** One upload per region and zip. */
export function bundleUploads(
  bundles: readonly Bundle[],
  regions: readonly string[],
  prefix: string,
  account: string,
): Upload[] {
  return regions.flatMap((region) =>
    bundles.map((bundle) => ({
      region,
      bucket: artifactBucketName(prefix, account, region),
      key: lambdaCodeKey(bundle.name, bundle.sha256),
      body: { file: bundle.file },
      sha256: bundle.sha256,
      contentType: 'application/zip',
    })),
  );
}

function status(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/** What S3 holds under a key: nothing, or an object with the full-object SHA-256 it was stored with. */
export type StoredObject = { exists: false } | { exists: true; sha256?: string };

export async function storedObject(s3: S3Client, bucket: string, key: string): Promise<StoredObject> {
  try {
    const head = await s3.send(
      new HeadObjectCommand({ Bucket: bucket, Key: key, ChecksumMode: ChecksumMode.ENABLED }),
    );
    // A composite checksum (multipart upload) is a checksum of part checksums, not of the file.
    const sha256 = head.ChecksumType === ChecksumType.COMPOSITE ? undefined : head.ChecksumSHA256;
    return sha256 ? { exists: true, sha256 } : { exists: true };
  } catch (error) {
    if (status(error) === 404 || (error as Error).name === 'NotFound') return { exists: false };
    throw error;
  }
}

/** Refuses early, with the fix, when a region has not been bootstrapped. */
export async function checkBucket(s3: S3Client, bucket: string, region: string): Promise<void> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (error) {
    const code = status(error);
    if (code === 404 || (error as Error).name === 'NotFound' || (error as Error).name === 'NoSuchBucket')
      throw new ArtifactBucketError(
        `artifact bucket ${bucket} does not exist in ${region}: run npm run bootstrap -- --regions ${region}`,
      );
    throw error;
  }
}

export async function performUploads(
  uploads: readonly Upload[],
  s3For: (region: string) => S3Client,
  options: { dryRun: boolean; readFile: (file: string) => Promise<Buffer> },
): Promise<UploadResult[]> {
  const results: UploadResult[] = [];
  for (const upload of uploads) {
    const s3 = s3For(upload.region);
    const expected = base64Sha256(upload.sha256);
    const stored = await storedObject(s3, upload.bucket, upload.key);
    if (stored.exists && stored.sha256 === expected) {
      results.push({ upload, action: 'present' });
      continue;
    }
    if (stored.exists && stored.sha256 !== undefined)
      throw new ArtifactChecksumError(
        `s3://${upload.bucket}/${upload.key} holds other bytes than this rollout's file ` +
          `(S3 checksum sha256 ${stored.sha256}, the file's ${expected}): someone else wrote it. ` +
          'Refusing to deploy it; find out who, delete the object, and run the rollout again',
      );
    if (options.dryRun) {
      results.push({ upload, action: stored.exists ? 'would replace' : 'would upload' });
      continue;
    }
    const body = 'bytes' in upload.body ? upload.body.bytes : await options.readFile(upload.body.file);
    // S3 checks the body against the declared checksum and keeps it for the next rollout to verify.
    await s3.send(
      new PutObjectCommand({
        Bucket: upload.bucket,
        Key: upload.key,
        Body: body,
        ContentType: upload.contentType,
        ChecksumAlgorithm: ChecksumAlgorithm.SHA256,
        ChecksumSHA256: expected,
      }),
    );
    results.push({ upload, action: stored.exists ? 'replaced' : 'uploaded' });
  }
  return results;
}
