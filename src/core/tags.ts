/**
 * The standard tag set and which resource types carry it.
 *
 * Every taggable resource gets the six tags. Whether a type is taggable is data (checked against
 * cfn-lint's resource schemas by test/core/tags.test.ts); a type in neither list is refused, so a
 * new resource type cannot slip into a template untagged by accident.
 */
import { Fn, type IntrinsicFunction, type ResourceBase, ResourceTag } from 'cloudform-types';

export const PROJECT_NAME = 'ServApp';

/** Tag keys, in the order they are emitted. */
export const TAG_KEYS = [
  'Project',
  'ENVIRONMENT_SUFFIX',
  'REGION',
  'Environment',
  'Team',
  'CostCenter',
] as const;
export type TagKey = (typeof TAG_KEYS)[number];

export type StandardTags = Readonly<Record<TagKey, string | IntrinsicFunction>>;

/** Resource types whose `Tags` property is a list of `{Key, Value}`. */
export const TAGGABLE_TYPES: ReadonlySet<string> = new Set([
  'AWS::ApiGateway::ApiKey',
  'AWS::ApiGateway::RestApi',
  'AWS::ApiGateway::Stage',
  'AWS::ApiGateway::UsagePlan',
  'AWS::ApplicationAutoScaling::ScalableTarget',
  'AWS::CloudWatch::Alarm',
  'AWS::CloudWatch::Dashboard',
  'AWS::CodeBuild::Project',
  'AWS::CodePipeline::Pipeline',
  'AWS::CodeStarConnections::Connection',
  'AWS::DynamoDB::Table',
  'AWS::IAM::Role',
  'AWS::KMS::Key',
  'AWS::Lambda::EventSourceMapping',
  'AWS::Lambda::Function',
  'AWS::Logs::LogGroup',
  'AWS::S3::Bucket',
  'AWS::SNS::Topic',
  'AWS::SQS::Queue',
]);

/** Resource types CloudFormation cannot tag. */
export const UNTAGGABLE_TYPES: ReadonlySet<string> = new Set([
  'AWS::ApiGateway::Account',
  'AWS::ApiGateway::Deployment',
  'AWS::ApiGateway::UsagePlanKey',
  'AWS::ApplicationAutoScaling::ScalingPolicy',
  'AWS::CloudFormation::WaitConditionHandle',
  'AWS::IAM::ManagedPolicy',
  'AWS::KMS::Alias',
  'AWS::Lambda::EventInvokeConfig',
  'AWS::Lambda::Permission',
  'AWS::S3::BucketPolicy',
  'AWS::SNS::Subscription',
  'AWS::SNS::TopicPolicy',
]);

/** The tags of a stack whose environment values come from template parameters. */
export function parameterTags(parameters: {
  environmentSuffix: string;
  environment: string;
  team: string;
  costCenter: string;
}): StandardTags {
  return {
    Project: PROJECT_NAME,
    ENVIRONMENT_SUFFIX: Fn.Ref(parameters.environmentSuffix),
    REGION: Fn.Ref('AWS::Region'),
    Environment: Fn.Ref(parameters.environment),
    Team: Fn.Ref(parameters.team),
    CostCenter: Fn.Ref(parameters.costCenter),
  };
}

export function tagList(tags: StandardTags): ResourceTag[] {
  return TAG_KEYS.map((key) => new ResourceTag(key, tags[key]));
}

/** Sets the standard tags on a taggable resource, keeping any other tags it already has. */
export function tagResource(resource: ResourceBase, tags: StandardTags): void {
  if (UNTAGGABLE_TYPES.has(resource.Type)) return;
  if (!TAGGABLE_TYPES.has(resource.Type)) {
    throw new Error(
      `resource type ${resource.Type} is not classified as taggable or untaggable in src/core/tags.ts`,
    );
  }
  const properties = resource.Properties as { Tags?: unknown };
  const existing = Array.isArray(properties.Tags) ? (properties.Tags as ResourceTag[]) : [];
  const own = existing.filter((tag) => !(TAG_KEYS as readonly unknown[]).includes(tag.Key));
  properties.Tags = [...tagList(tags), ...own];
}
