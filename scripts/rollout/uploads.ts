/**
 * Puts each zip into each region's artifact bucket under its content hash, and the template when it
 * is staged. What to upload is decided from HeadObject answers alone, so a rerun uploads nothing.
 */
import { HeadBucketCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { artifactBucketName, lambdaCodeKey } from '../../src/conventions';
import type { Bundle } from './bundles';

export interface Upload {
  region: string;
  bucket: string;
  key: string;
  /** A file path, or the bytes themselves. */
  body: { file: string } | { bytes: Buffer };
  contentType: string;
}

export interface UploadResult {
  upload: Upload;
  action: 'uploaded' | 'present' | 'would upload';
}

export class ArtifactBucketError extends Error {
  override name = 'ArtifactBucketError';
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
      contentType: 'application/zip',
    })),
  );
}

function status(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

export async function objectExists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if (status(error) === 404 || (error as Error).name === 'NotFound') return false;
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
    if (await objectExists(s3, upload.bucket, upload.key)) {
      results.push({ upload, action: 'present' });
      continue;
    }
    if (options.dryRun) {
      results.push({ upload, action: 'would upload' });
      continue;
    }
    const body = 'bytes' in upload.body ? upload.body.bytes : await options.readFile(upload.body.file);
    await s3.send(
      new PutObjectCommand({
        Bucket: upload.bucket,
        Key: upload.key,
        Body: body,
        ContentType: upload.contentType,
      }),
    );
    results.push({ upload, action: 'uploaded' });
  }
  return results;
}
