/**
 * `npm run local -- --auth iam`: the gateway refuses requests that are not signed with SigV4 by
 * the local credentials, as a stage with IAM authorisation refuses unsigned ones.
 */
import type { IncomingMessage } from 'node:http';
import { signer, signRequest } from '../../src/client/sigv4';

/** The local servers' and the local API's credentials (DynamoDB Local wants alphanumeric keys). */
export const LOCAL_CREDENTIALS = {
  accessKeyId: 'servapplocal',
  secretAccessKey: 'servapplocalsecret',
} as const;

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/execute-api\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

function amzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m
    ? new Date(
        Date.UTC(+(m[1] ?? 0), +(m[2] ?? 1) - 1, +(m[3] ?? 1), +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)),
      )
    : undefined;
}

export function createSigV4Authenticator(region: string) {
  const sigv4 = signer(region, LOCAL_CREDENTIALS);
  return async (request: IncomingMessage, body: Buffer): Promise<string | undefined> => {
    const authorization = request.headers.authorization;
    if (!authorization) return 'Missing Authentication Token';
    const parts = AUTHORIZATION.exec(authorization);
    const date = amzDate(String(request.headers['x-amz-date'] ?? ''));
    if (!parts || !date) return 'Authorization header requires a valid SigV4 signature';
    if (parts[1] !== LOCAL_CREDENTIALS.accessKeyId)
      return 'The security token included in the request is invalid';
    if (Math.abs(Date.now() - date.getTime()) > 5 * 60_000) return 'Signature expired';
    const signedNames = (parts[4] ?? '').split(';');
    const headers: Record<string, string> = {};
    for (const name of signedNames) {
      const value = request.headers[name];
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
    const expected = await signRequest(
      {
        method: request.method ?? 'GET',
        url,
        headers,
        ...(body.length > 0 ? { body: body.toString('utf8') } : {}),
      },
      sigv4,
      date,
      new Set(signedNames),
    );
    const signature = /Signature=([0-9a-f]{64})/.exec(expected.authorization ?? '')?.[1];
    return signature === parts[5]
      ? undefined
      : 'The request signature we calculated does not match the signature you provided';
  };
}

/**
 * `apiAuth: 'API_KEY'` locally: the request's `x-api-key` header must hold the stack's key, as
 * API Gateway checks it against the usage plan's key (refusal text as API Gateway words it).
 */
export function createApiKeyAuthenticator(key: string) {
  return async (request: IncomingMessage): Promise<string | undefined> =>
    request.headers['x-api-key'] === key ? undefined : 'Forbidden';
}
