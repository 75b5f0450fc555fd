/**
 * DynamoDB: the market-data table (symbol + timestamp) and the jobs table (job state, read
 * consistently by the status function). On-demand by default with throughput caps and optional warm
 * throughput, both deploy-time parameters (`params.ts`); provisioned
 * mode adds read and write autoscaling, because Application Auto Scaling manages only
 * provisioned capacity.
 */
import { ApplicationAutoScaling, Fn } from 'cloudform-types';
import { JOBS_KEY, JOBS_TTL_ATTRIBUTE, MARKET_DATA_KEY } from '../contract/index.js';
import { REGIONAL_IDS, tableIds } from '../conventions/index.js';
import { DynamoTable, type TableProperties } from '../core/extensions.js';
import { sub } from '../core/intrinsics.js';
import type { Handle } from '../core/template.js';
import { type RegionalContext, retention } from './context.js';
import type { OnDemandCaps } from './params.js';

export interface Tables {
  marketData: Handle<'AWS::DynamoDB::Table'>;
  jobs: Handle<'AWS::DynamoDB::Table'>;
}

interface TableSpec {
  id: string;
  purpose: string;
  keys: { partition: string; sort?: string };
  extra?: Partial<TableProperties>;
  /** The table's on-demand cap parameters (set in on-demand mode). */
  caps: OnDemandCaps | undefined;
}

function table(
  ctx: RegionalContext,
  key: Handle<'AWS::KMS::Key'>,
  spec: TableSpec,
): Handle<'AWS::DynamoDB::Table'> {
  const { t, names, settings } = ctx;
  const attributes = [spec.keys.partition, ...(spec.keys.sort ? [spec.keys.sort] : [])];
  const provisioned = settings.billingMode === 'PROVISIONED';
  const properties: TableProperties = {
    TableName: names.name(spec.purpose),
    AttributeDefinitions: attributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: spec.keys.partition, KeyType: 'HASH' },
      ...(spec.keys.sort ? [{ AttributeName: spec.keys.sort, KeyType: 'RANGE' }] : []),
    ],
    BillingMode: settings.billingMode,
    SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: key.getAtt('Arn') },
    PointInTimeRecoverySpecification: {
      PointInTimeRecoveryEnabled: true,
      RecoveryPeriodInDays: settings.pointInTimeRecoveryDays,
    },
    ContributorInsightsSpecification: { Enabled: true, Mode: 'ACCESSED_AND_THROTTLED_KEYS' },
    DeletionProtectionEnabled: settings.deletionProtection,
    TableClass: 'STANDARD',
    ...spec.extra,
  };
  if (provisioned) {
    properties.ProvisionedThroughput = {
      ReadCapacityUnits: settings.provisioned.read.min,
      WriteCapacityUnits: settings.provisioned.write.min,
    };
  } else if (spec.caps) {
    properties.OnDemandThroughput = {
      MaxReadRequestUnits: spec.caps.maxRead.ref(),
      MaxWriteRequestUnits: spec.caps.maxWrite.ref(),
    };
  }
  const handle = t.resource(spec.id, new DynamoTable(properties), retention(ctx));
  if (provisioned) autoscaling(ctx, spec.id, handle);
  return handle;
}

/** Target tracking on read and write capacity utilisation. */
function autoscaling(ctx: RegionalContext, tableId: string, table: Handle<'AWS::DynamoDB::Table'>): void {
  const { t, settings } = ctx;
  const dimensions = [
    { kind: 'Read', range: settings.provisioned.read, metric: 'DynamoDBReadCapacityUtilization' },
    { kind: 'Write', range: settings.provisioned.write, metric: 'DynamoDBWriteCapacityUtilization' },
  ] as const;
  for (const dimension of dimensions) {
    const target = t.resource(
      tableIds(tableId, dimension.kind).scalableTarget,
      new ApplicationAutoScaling.ScalableTarget({
        ServiceNamespace: 'dynamodb',
        ScalableDimension: `dynamodb:table:${dimension.kind}CapacityUnits`,
        ResourceId: sub('table/${Table}', { Table: table.ref() }),
        MinCapacity: dimension.range.min,
        MaxCapacity: dimension.range.max,
      }),
    );
    t.resource(
      tableIds(tableId, dimension.kind).scalingPolicy,
      new ApplicationAutoScaling.ScalingPolicy({
        PolicyName: sub(`\${Table}-${dimension.kind.toLowerCase()}-utilisation`, { Table: table.ref() }),
        PolicyType: 'TargetTrackingScaling',
        ScalingTargetId: target.ref(),
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: settings.provisioned.targetUtilisationPercent,
          PredefinedMetricSpecification: { PredefinedMetricType: dimension.metric },
        },
      }),
    );
  }
}

/**
 * Set only when the deployer asks for it: a value of 0 leaves that half out, and both 0 leave the
 * property out. One branch per combination, because the property must name at least one value.
 */
function warmThroughput(ctx: RegionalContext): Partial<TableProperties> {
  const warm = ctx.params.capacity.warm;
  const read = { ReadUnitsPerSecond: warm.read.ref() };
  const write = { WriteUnitsPerSecond: warm.write.ref() };
  return {
    WarmThroughput: Fn.If(
      warm.hasBoth,
      { ...read, ...write },
      Fn.If(warm.hasRead, read, Fn.If(warm.hasWrite, write, Fn.Ref('AWS::NoValue'))),
    ),
  };
}

export function tables(ctx: RegionalContext, key: Handle<'AWS::KMS::Key'>): Tables {
  const caps = ctx.params.capacity.onDemand;
  return {
    marketData: table(ctx, key, {
      id: REGIONAL_IDS.marketDataTable,
      purpose: 'market-data',
      keys: MARKET_DATA_KEY,
      caps: caps?.marketData,
      extra: warmThroughput(ctx),
    }),
    jobs: table(ctx, key, {
      id: REGIONAL_IDS.jobsTable,
      purpose: 'jobs',
      keys: JOBS_KEY,
      caps: caps?.jobs,
      extra: { TimeToLiveSpecification: { AttributeName: JOBS_TTL_ATTRIBUTE, Enabled: true } },
    }),
  };
}
