/** The ServApp API client: the CLI's library. */
export * from './api-client.js';
export * from './presigned-upload.js';
export * from './sigv4.js';
export * from './table.js';
