/** Uploads a file the way a browser form does with a presigned POST: fields first, the file last. */
import type { UploadResponse } from '../../src/contract';

export interface PostResult {
  status: number;
  body: string;
}

export async function postToPresignedUrl(
  upload: UploadResponse['upload'],
  content: string | Buffer,
  fileName = 'prices.csv',
  contentType = 'text/csv',
): Promise<PostResult> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', new Blob([content], { type: contentType }), fileName);
  const response = await fetch(upload.url, { method: 'POST', body: form });
  return { status: response.status, body: await response.text() };
}
