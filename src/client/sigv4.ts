/**
 * SigV4 for the API (service `execute-api`): the client signs with the standard AWS credentials,
 * and the local gateway checks signatures with the same signer, so both agree on canonical form.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export const API_SERVICE = 'execute-api';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SignableRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

export function signer(region: string, credentials: Credentials | (() => Promise<Credentials>)): SignatureV4 {
  return new SignatureV4({ service: API_SERVICE, region, credentials, sha256: Sha256, applyChecksum: false });
}

/** The headers to send: the given ones plus Host, X-Amz-Date, Authorization (and the session token). */
export async function signRequest(
  request: SignableRequest,
  sigv4: SignatureV4,
  signingDate?: Date,
  signableHeaders?: Set<string>,
): Promise<Record<string, string>> {
  const query: Record<string, string> = {};
  for (const [name, value] of request.url.searchParams) query[name] = value;
  const signed = await sigv4.sign(
    {
      method: request.method,
      protocol: request.url.protocol,
      hostname: request.url.hostname,
      ...(request.url.port ? { port: Number(request.url.port) } : {}),
      path: request.url.pathname,
      query,
      headers: { ...request.headers, host: request.url.host },
      ...(request.body !== undefined ? { body: request.body } : {}),
    },
    {
      ...(signingDate ? { signingDate } : {}),
      ...(signableHeaders ? { signableHeaders } : {}),
    },
  );
  return signed.headers as Record<string, string>;
}
