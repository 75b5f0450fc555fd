/**
 * An API without authentication is a choice someone made on purpose, so the template says so.
 * The project's cfn-lint rule E9010 fails any REST API operation without authorization unless the
 * template's Metadata carries this record for that API.
 */
import type { Handle } from '../core/template.js';
import type { RegionalContext } from './context.js';

/** Template Metadata key: REST API logical id → why it is published without authentication. */
export const UNAUTHENTICATED_APIS_METADATA = 'ServAppUnauthenticatedApis';

export const UNAUTHENTICATED_REASON =
  "Built with apiAuth: 'NONE', chosen explicitly: every route is callable by anyone who can reach the stage";

/** Records the explicit NONE choice; IAM and API_KEY leave no record (E9010 then requires auth). */
export function recordApiAuthentication(
  ctx: RegionalContext,
  restApi: Handle<'AWS::ApiGateway::RestApi'>,
): void {
  if (ctx.settings.apiAuth !== 'NONE') return;
  ctx.t.metadata(UNAUTHENTICATED_APIS_METADATA, { [restApi.id]: UNAUTHENTICATED_REASON });
}
