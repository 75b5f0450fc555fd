/**
 * What cloudform-types 7.5.0 (CloudFormation spec 148, November 2023) lacks, declared once and typed.
 *
 * Each class here widens a cloudform resource class with the properties CloudFormation has gained
 * since; stack code uses these classes instead of casting. When cloudform catches up, an entry
 * here is deleted and its users switch back to the plain class.
 */
import {
  CloudWatch,
  DynamoDB,
  type IntrinsicFunction,
  KMS,
  Lambda,
  type List,
  ResourceBase,
  type ResourceTag,
  type Value,
} from 'cloudform-types';
import type { AlarmProperties as BaseAlarmProperties } from 'cloudform-types/types/cloudWatch/alarm.js';
import type {
  PipelineProperties as BasePipelineProperties,
  StageDeclaration,
} from 'cloudform-types/types/codePipeline/pipeline.js';
import type { TableProperties as BaseTableProperties } from 'cloudform-types/types/dynamoDb/table.js';
import type { KeyProperties as BaseKeyProperties } from 'cloudform-types/types/kms/key.js';
import type { FunctionProperties as BaseFunctionProperties } from 'cloudform-types/types/lambda/function.js';

export type DeletionPolicyValue = 'Delete' | 'Retain' | 'RetainExceptOnCreate' | 'Snapshot';

/** `UpdateReplacePolicy`, which cloudform's `Resource` interface does not declare. */
export type UpdateReplacePolicyValue = 'Delete' | 'Retain' | 'Snapshot';

// ---------------------------------------------------------------- Lambda

/** `AWS::Lambda::Function.LoggingConfig` (2023-11): JSON logs and log-level filtering. */
export interface LoggingConfig {
  LogFormat?: Value<'JSON' | 'Text'>;
  ApplicationLogLevel?: Value<'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL'>;
  SystemLogLevel?: Value<'DEBUG' | 'INFO' | 'WARN'>;
  LogGroup?: Value<string>;
}

export interface FunctionProperties extends BaseFunctionProperties {
  LoggingConfig?: LoggingConfig;
  Architectures?: List<Value<'x86_64' | 'arm64'>>;
}

export class LambdaFunction extends Lambda.Function {
  declare Properties: FunctionProperties;
  constructor(properties: FunctionProperties) {
    super(properties);
  }
}

// ---------------------------------------------------------------- DynamoDB

/** Caps on on-demand throughput (2024-05). */
export interface OnDemandThroughput {
  MaxReadRequestUnits?: Value<number>;
  MaxWriteRequestUnits?: Value<number>;
}

/** Pre-warmed throughput (2024-11). */
export interface WarmThroughput {
  ReadUnitsPerSecond?: Value<number>;
  WriteUnitsPerSecond?: Value<number>;
}

export interface PointInTimeRecoverySpecification {
  PointInTimeRecoveryEnabled?: Value<boolean>;
  /** 1 to 35 days (2025-01). */
  RecoveryPeriodInDays?: Value<number>;
}

export interface ContributorInsightsSpecification {
  Enabled: Value<boolean>;
  /** Which keys are reported (2025-06). */
  Mode?: Value<'ACCESSED_AND_THROTTLED_KEYS' | 'THROTTLED_KEYS'>;
}

export interface TableProperties
  extends Omit<BaseTableProperties, 'PointInTimeRecoverySpecification' | 'ContributorInsightsSpecification'> {
  OnDemandThroughput?: OnDemandThroughput;
  /** An `Fn::If` when the warm throughput is a deploy-time choice. */
  WarmThroughput?: WarmThroughput | IntrinsicFunction;
  PointInTimeRecoverySpecification?: PointInTimeRecoverySpecification;
  ContributorInsightsSpecification?: ContributorInsightsSpecification;
}

export class DynamoTable extends DynamoDB.Table {
  declare Properties: TableProperties;
  constructor(properties: TableProperties) {
    super(properties as BaseTableProperties);
  }
}

// ---------------------------------------------------------------- KMS

export interface KeyProperties extends BaseKeyProperties {
  /** 90 to 2560 days; applies when rotation is enabled (2024-04). */
  RotationPeriodInDays?: Value<number>;
}

export class KmsKey extends KMS.Key {
  declare Properties: KeyProperties;
  constructor(properties: KeyProperties) {
    super(properties);
  }
}

// ---------------------------------------------------------------- CloudWatch

export interface AlarmProperties extends BaseAlarmProperties {
  /** Alarms became taggable in CloudFormation in 2024. */
  Tags?: List<ResourceTag>;
}

export class MetricAlarm extends CloudWatch.Alarm {
  declare Properties: AlarmProperties;
  constructor(properties: AlarmProperties) {
    super(properties);
  }
}

// ---------------------------------------------------------------- CodePipeline

export interface PipelineGitPushFilter {
  Branches?: { Includes?: List<Value<string>>; Excludes?: List<Value<string>> };
  FilePaths?: { Includes?: List<Value<string>>; Excludes?: List<Value<string>> };
}

export interface PipelineTrigger {
  ProviderType: 'CodeStarSourceConnection';
  GitConfiguration: { SourceActionName: Value<string>; Push?: List<PipelineGitPushFilter> };
}

export interface PipelineVariable {
  Name: Value<string>;
  DefaultValue?: Value<string>;
  Description?: Value<string>;
}

/** A rule of a stage condition (2024), e.g. `VariableCheck` on an action's output variable. */
export interface PipelineRule {
  Name: Value<string>;
  RuleTypeId: { Category: 'Rule'; Owner: 'AWS'; Provider: Value<string>; Version: Value<string> };
  Configuration?: Record<string, Value<string>>;
}

/** A stage with an entry condition: when its rules fail, the stage is skipped or the run fails. */
export interface PipelineStage extends StageDeclaration {
  BeforeEntry?: { Conditions: { Result: 'SKIP' | 'FAIL'; Rules: PipelineRule[] }[] } | IntrinsicFunction;
}

export interface PipelineProperties extends Omit<BasePipelineProperties, 'Stages'> {
  /** A stage may be an `Fn::If` on a condition (an optional approval stage), which cloudform's list type refuses. */
  Stages: (PipelineStage | IntrinsicFunction)[];
  PipelineType?: Value<'V1' | 'V2'>;
  ExecutionMode?: Value<'QUEUED' | 'SUPERSEDED' | 'PARALLEL'>;
  Triggers?: List<PipelineTrigger>;
  Variables?: List<PipelineVariable>;
}

/** Not a subclass of cloudform's Pipeline: its `Stages` type is wider than the base class allows. */
export class Pipeline extends ResourceBase<PipelineProperties> {
  declare readonly Type: 'AWS::CodePipeline::Pipeline';

  constructor(properties: PipelineProperties) {
    super('AWS::CodePipeline::Pipeline', properties);
  }
}

// ---------------------------------------------------------------- Custom resources

/** What every custom resource takes: the Lambda function or SNS topic that serves it. */
export interface CustomResourceProperties {
  ServiceToken: Value<string>;
  [property: string]: unknown;
}

/**
 * A custom resource, `Custom::<Name>`: cloudform has only the generic
 * `AWS::CloudFormation::CustomResource`, and a named type is what a reviewer reads.
 */
export class CustomResource<T extends `Custom::${string}`> extends ResourceBase<CustomResourceProperties> {
  declare Type: T;
  constructor(type: T, properties: CustomResourceProperties) {
    super(type, properties);
  }
}
