import { ARTIFACT_BUCKET_PREFIX, CREATE_ACCOUNT_RESOURCES } from '../../src/bootstrap/params';

/** Parameters of one region's bootstrap stack: the account-wide roles only in the first region. */
export function bootstrapParameters(
  region: string,
  regions: readonly string[],
  prefix: string,
  overrides: Record<string, string>,
): Record<string, string> {
  return {
    ...overrides,
    [ARTIFACT_BUCKET_PREFIX]: prefix,
    [CREATE_ACCOUNT_RESOURCES]: region === regions[0] ? 'true' : 'false',
  };
}
