/**
 * Names the bootstrap stack, the regional stack, the rollout and the pipeline agree on. They are
 * conventions rather than stack outputs so that a region's artifact bucket can be named before
 * anything is asked of AWS, and so that the pipeline's roles can be scoped to them.
 */

/** The first word of every physical name ServApp gives: `servapp-<suffix>-…`. */
export const NAME_PREFIX = 'servapp';

/** The value of every ServApp resource's `Project` tag. */
export const PROJECT_NAME = 'ServApp';

/** The plain stack the bootstrap deploys in every region. */
export const BOOTSTRAP_STACK_NAME = `${NAME_PREFIX}-bootstrap`;

/** Named rather than the AWS defaults so that an account's existing StackSet roles are left alone. */
export const STACKSET_ADMINISTRATION_ROLE_NAME = `${NAME_PREFIX}-stackset-administration`;
export const STACKSET_EXECUTION_ROLE_NAME = `${NAME_PREFIX}-stackset-execution`;

/** The artifact buckets' prefix: the bootstrap's and the regional stack's ArtifactBucketPrefix default. */
export const DEFAULT_ARTIFACT_BUCKET_PREFIX = `${NAME_PREFIX}-artifacts`;

/** Every StackSet the rollout manages is `servapp-<environment suffix>`. */
export const STACK_SET_PREFIX = `${NAME_PREFIX}-`;

/** Zips live under `lambda/<function>/<sha256>.zip`, staged templates under `templates/`. */
export const LAMBDA_KEY_PREFIX = 'lambda/';
export const TEMPLATE_KEY_PREFIX = 'templates/';

/** Artifacts are content-addressed and re-uploaded by every rollout that needs them, so old ones may go. */
export const ARTIFACT_EXPIRY_DAYS = 90;

export function artifactBucketName(prefix: string, account: string, region: string): string {
  return `${prefix}-${account}-${region}`;
}

export function stackSetName(environmentSuffix: string): string {
  return `${STACK_SET_PREFIX}${environmentSuffix}`;
}

export function lambdaCodeKey(functionName: string, sha256: string): string {
  return `${LAMBDA_KEY_PREFIX}${functionName}/${sha256}.zip`;
}

export function stagedTemplateKey(stackSet: string, sha256: string): string {
  return `${TEMPLATE_KEY_PREFIX}${stackSet}/${sha256}.json`;
}

/**
 * The customer-managed policy every role of the regional stack carries as its permissions
 * boundary. A fixed name, so the regional stack builds its ARN from the account id alone.
 */
export const PERMISSIONS_BOUNDARY_POLICY_NAME = `${NAME_PREFIX}-permissions-boundary`;

/**
 * Every role the regional stack names is `servapp-<suffix>-<region id>-<purpose>-role`. The
 * StackSet roles (`servapp-stackset-*`) deliberately do not match, so a grant on this pattern
 * never reaches them.
 */
export const REGIONAL_ROLE_NAME_PATTERN = `${NAME_PREFIX}-*-role`;

/** Every resource name the regional and pipeline stacks give starts so (IAM resource patterns). */
export const NAME_PATTERN = `${NAME_PREFIX}-*`;

/** Sub pattern of the boundary policy's ARN in the deploying account. */
export const PERMISSIONS_BOUNDARY_ARN_PATTERN = `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/${PERMISSIONS_BOUNDARY_POLICY_NAME}`;
