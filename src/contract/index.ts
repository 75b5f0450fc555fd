/** The API contract: one source for the gateway, the handlers, the local runtime and the fuzzer. */
export * from './environment';
export * from './errors';
export * from './fanout';
export * from './http';
export * from './limits';
export * from './openapi';
export * from './routes';
export * from './schemas';
export * from './storage';
export * from './types';
