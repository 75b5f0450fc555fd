/**
 * Sends a file to S3 with the presigned POST the API returned: a multipart/form-data body of the
 * policy fields and then the file, streamed from disk with progress, never held in memory.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { basename } from 'node:path';
import type { UploadResponse } from '../contract/index.js';

export class UploadRefusedError extends Error {
  override name = 'UploadRefusedError';
  constructor(
    readonly status: number,
    readonly s3Code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function postFile(
  upload: UploadResponse['upload'],
  filePath: string,
  onProgress?: (sent: number, total: number) => void,
): Promise<void> {
  const size = (await stat(filePath)).size;
  const boundary = `----servapp${randomBytes(12).toString('hex')}`;
  const fields = Object.entries(upload.fields)
    .map(
      ([name, value]) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    )
    .join('');
  const fileName = basename(filePath).replace(/["\r\n]/g, '_');
  const head = Buffer.from(
    `${fields}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const url = new URL(upload.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  await new Promise<void>((resolve, reject) => {
    const request = send(
      url,
      {
        method: 'POST',
        headers: {
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': head.length + size + tail.length,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve();
          const body = Buffer.concat(chunks).toString('utf8');
          const code = /<Code>([^<]+)<\/Code>/.exec(body)?.[1] ?? 'Unknown';
          const message = /<Message>([^<]+)<\/Message>/.exec(body)?.[1] ?? `HTTP ${status}`;
          reject(new UploadRefusedError(status, code, message));
        });
      },
    );
    request.on('error', reject);
    request.write(head);
    let sent = 0;
    const file = createReadStream(filePath);
    file.on('data', (chunk) => {
      sent += chunk.length;
      onProgress?.(sent, size);
      if (!request.write(chunk)) file.pause();
    });
    request.on('drain', () => file.resume());
    file.on('error', reject);
    file.on('end', () => request.end(tail));
  });
}
