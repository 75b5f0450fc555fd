/**
 * The bootstrap stack: what StackSets and the rollout need before the first rollout. Deployed as
 * a plain stack in every target region (`npm run bootstrap`): the artifact bucket everywhere, the
 * account-wide StackSet roles in one region.
 */
import { standardTags } from '../conventions/index.js';
import { TemplateBuilder, type TemplateDocument } from '../core/template.js';
import { artifactBucket } from './artifact-bucket.js';
import { declareBootstrapParameters } from './params.js';
import { ACCOUNT_RESOURCES_CONDITION, stackSetRoles } from './roles.js';

export const BOOTSTRAP_DESCRIPTION =
  'ServApp bootstrap: artifact bucket of this region and the self-managed StackSet roles of the account';

export function bootstrapTemplate(): TemplateDocument {
  const t = new TemplateBuilder(BOOTSTRAP_DESCRIPTION, standardTags());
  const params = declareBootstrapParameters(t);
  const bucket = artifactBucket(t);
  const roles = stackSetRoles(t, params.createAccountResources);
  t.output('ArtifactBucketName', { description: "This region's artifact bucket", value: bucket.ref() });
  t.output('AdministrationRoleArn', {
    description: 'StackSet administration role (AdministrationRoleARN of every ServApp StackSet)',
    value: roles.administration.getAtt('Arn'),
    condition: ACCOUNT_RESOURCES_CONDITION,
  });
  t.output('ExecutionRoleName', {
    description: 'StackSet execution role name (ExecutionRoleName of every ServApp StackSet)',
    value: roles.execution.ref(),
    condition: ACCOUNT_RESOURCES_CONDITION,
  });
  return t.build();
}
