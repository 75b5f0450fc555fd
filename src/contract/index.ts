/** The API contract: one source for the gateway, the handlers, the local runtime and the fuzzer. */
export * from './environment.js';
export * from './errors.js';
export * from './fanout.js';
export * from './http.js';
export * from './limits.js';
export * from './openapi.js';
export * from './routes.js';
export * from './schemas.js';
export * from './storage.js';
export * from './types.js';
