/** The OpenAPI document `npm run build:templates` writes beside the templates, for clients and the fuzzer. */
import { openApiDocument } from './contract/index.js';

export const API_DOCUMENT_FILE = 'openapi/servapp-api.json';

export function apiDocumentJson(): string {
  return `${JSON.stringify(openApiDocument(), null, 2)}\n`;
}
