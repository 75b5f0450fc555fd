/**
 * A thin, faithful stand-in for the API Gateway stage: the contract's routes, request validation
 * with the same JSON schemas, gateway errors in the standard shape with a correlation id, CORS on
 * every response, the stage's token-bucket throttle, and REST proxy (v1) events into the bundles.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import Ajv from 'ajv-draft-04';
import type { ApiGatewayProxyEvent, ApiGatewayProxyResult } from '../../lambda-src/shared/events';
import {
  CORRELATION_HEADER,
  CORRELATION_ID_PATTERN,
  corsHeaders,
  type ErrorCode,
  errorBody,
  type FunctionName,
  ROUTES,
  type RouteSpec,
} from '../../src/contract';
import { type FunctionRunner, FunctionTimeoutError } from './function-runner';
import { TokenBucket } from './token-bucket';

/** API Gateway refuses payloads over 10 MB. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

export interface GatewayOptions {
  runners: Record<Exclude<FunctionName, 'processor' | 'worker'>, FunctionRunner>;
  throttle: { rateLimit: number; burstLimit: number };
  maxUploadBytes: number;
  openApiDocument: string;
  /** Checks a request's credentials; answers a refusal message, or undefined to let it through. */
  authenticate?: (request: IncomingMessage, body: Buffer) => Promise<string | undefined>;
  stage?: string;
  /** Called once per request received, for counts. */
  onRequest?: () => void;
}

interface Match {
  route: RouteSpec;
  pathParameters: Record<string, string>;
}

function routeMatcher(route: RouteSpec): RegExp {
  const pattern = route.path.replace(/\{([^}]+)\}/g, '(?<$1>[^/]+)');
  return new RegExp(`^${pattern}$`);
}

const MATCHERS = ROUTES.map((route) => ({ route, regex: routeMatcher(route) }));

function match(method: string, path: string): Match | 'method' | undefined {
  let pathKnown = false;
  for (const { route, regex } of MATCHERS) {
    const found = regex.exec(path);
    if (!found) continue;
    pathKnown = true;
    if (route.method !== method) continue;
    const pathParameters: Record<string, string> = {};
    for (const [name, value] of Object.entries(found.groups ?? {}))
      pathParameters[name] = decodeURIComponent(value);
    return { route, pathParameters };
  }
  return pathKnown ? 'method' : undefined;
}

function readBody(request: IncomingMessage): Promise<Buffer | 'too large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_PAYLOAD_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_PAYLOAD_BYTES ? 'too large' : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  response.writeHead(status, { 'Content-Type': 'application/json', ...corsHeaders(), ...headers });
  response.end(body);
}

export function createGateway(options: GatewayOptions): Server {
  const ajv = new Ajv({ allErrors: false, strict: false });
  const validators = new Map(
    ROUTES.filter((route) => route.requestBody).map((route) => [
      route.id,
      ajv.compile(route.requestBody?.(options.maxUploadBytes) ?? {}),
    ]),
  );
  const bucket = new TokenBucket(options.throttle.rateLimit, options.throttle.burstLimit);
  const stage = options.stage ?? 'local';

  // API Gateway takes far longer URLs and headers than Node's 16 KiB default.
  const server = createServer({ maxHeaderSize: 64 * 1024 }, async (request, response) => {
    options.onRequest?.();
    const requestId = randomUUID();
    const incoming = request.headers[CORRELATION_HEADER.toLowerCase()];
    const correlationId =
      typeof incoming === 'string' && CORRELATION_ID_PATTERN.test(incoming) ? incoming : requestId;
    const fail = (status: number, code: ErrorCode, message: string) =>
      send(
        response,
        status,
        { [CORRELATION_HEADER]: correlationId },
        JSON.stringify(errorBody(code, message, correlationId)),
      );

    try {
      if (!bucket.take()) return fail(429, 'THROTTLED', 'Too Many Requests');
      const url = new URL(request.url ?? '/', 'http://localhost');
      const method = request.method ?? 'GET';
      if (method === 'GET' && url.pathname === '/openapi.json') {
        return send(response, 200, {}, options.openApiDocument);
      }
      // A known path with another method answers 'method'; OPTIONS (preflight) is answered for known paths.
      const found = match(method, url.pathname);
      if (!found) return fail(403, 'UNAUTHENTICATED', 'Missing Authentication Token');
      if (method === 'OPTIONS') {
        response.writeHead(200, corsHeaders());
        return response.end();
      }
      if (found === 'method') return fail(403, 'UNAUTHENTICATED', 'Missing Authentication Token');
      const body = await readBody(request);
      if (body === 'too large') return fail(413, 'PAYLOAD_TOO_LARGE', 'Request Too Long');
      if (options.authenticate) {
        const refusal = await options.authenticate(request, body);
        if (refusal) return fail(403, 'UNAUTHENTICATED', refusal);
      }
      const validate = validators.get(found.route.id);
      if (validate) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(body.toString('utf8'));
        } catch {
          return fail(400, 'VALIDATION_FAILED', 'Invalid request body');
        }
        if (!validate(parsed)) return fail(400, 'VALIDATION_FAILED', 'Invalid request body');
      }
      const event = proxyEvent(request, url, found, body, requestId, stage);
      const runner = options.runners[found.route.function as Exclude<FunctionName, 'processor' | 'worker'>];
      let result: ApiGatewayProxyResult;
      try {
        result = await runner.invoke<ApiGatewayProxyResult>(event);
      } catch (error) {
        if (error instanceof FunctionTimeoutError) return fail(504, 'TIMEOUT', 'Endpoint request timed out');
        return fail(502, 'BAD_GATEWAY', 'Internal server error');
      }
      send(response, result.statusCode, result.headers ?? {}, result.body ?? '');
    } catch {
      fail(500, 'INTERNAL', 'Internal server error');
    }
  });
  // Requests Node cannot parse still get the standard shape, not a bare socket error.
  server.on('clientError', (_error, socket) => {
    if (!socket.writable) return socket.destroy();
    const requestId = randomUUID();
    const body = JSON.stringify(errorBody('BAD_REQUEST', 'Bad Request', requestId));
    const headers = { 'Content-Type': 'application/json', [CORRELATION_HEADER]: requestId, ...corsHeaders() };
    const head = Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}`)
      .join('\r\n');
    socket.end(
      `HTTP/1.1 400 Bad Request\r\n${head}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}

/** The REST API (v1) Lambda proxy event API Gateway would send for this request. */
function proxyEvent(
  request: IncomingMessage,
  url: URL,
  found: Match,
  body: Buffer,
  requestId: string,
  stage: string,
): ApiGatewayProxyEvent {
  // Maps, then Object.fromEntries: a header or parameter named __proto__ must stay a plain key
  // (the fuzzer sends one), never reach an object's prototype.
  const headerValues = new Map<string, string[]>();
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i] ?? '';
    headerValues.set(name, [...(headerValues.get(name) ?? []), request.rawHeaders[i + 1] ?? '']);
  }
  const queryValues = new Map<string, string[]>();
  for (const [name, value] of url.searchParams)
    queryValues.set(name, [...(queryValues.get(name) ?? []), value]);
  const last = (values: string[]) => values[values.length - 1] ?? '';
  const headers = Object.fromEntries([...headerValues].map(([name, values]) => [name, last(values)]));
  const multiValueHeaders = Object.fromEntries(headerValues);
  const query = Object.fromEntries([...queryValues].map(([name, values]) => [name, last(values)]));
  const multiQuery = Object.fromEntries(queryValues);
  const hasQuery = Object.keys(query).length > 0;
  const text = body.toString('utf8');
  const binary = body.length > 0 && !Buffer.from(text, 'utf8').equals(body);
  return {
    resource: found.route.path,
    path: url.pathname,
    httpMethod: found.route.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters: Object.keys(found.pathParameters).length > 0 ? found.pathParameters : null,
    stageVariables: null,
    requestContext: {
      requestId,
      extendedRequestId: requestId,
      stage,
      resourcePath: found.route.path,
      httpMethod: found.route.method,
      path: `/${stage}${url.pathname}`,
      requestTimeEpoch: Date.now(),
      identity: {
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['User-Agent'] ?? null,
      },
    },
    body: body.length === 0 ? null : binary ? body.toString('base64') : text,
    isBase64Encoded: binary,
  };
}
