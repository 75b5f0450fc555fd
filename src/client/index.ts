/** The ServApp API client: the CLI's library. */
export * from './api-client';
export * from './presigned-upload';
export * from './sigv4';
export * from './table';
