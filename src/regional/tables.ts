/**
 * DynamoDB: the market-data table (symbol + timestamp) and the jobs table (job state, read
 * consistently by the status function). On-demand by default with throughput caps; provisioned
 * mode adds read and write autoscaling, because Application Auto Scaling manages only
 * provisioned capacity.
 */
import { ApplicationAutoScaling } from 'cloudform-types';
import { JOBS_KEY, JOBS_TTL_ATTRIBUTE, MARKET_DATA_KEY } from '../contract/index.js';
import { DynamoTable, type TableProperties } from '../core/extensions.js';
import { sub } from '../core/intrinsics.js';
import type { Handle } from '../core/template.js';
import { type RegionalContext, retention } from './context.js';

export interface Tables {
  marketData: Handle;
  jobs: Handle;
}

interface TableSpec {
  id: string;
  purpose: string;
  keys: { partition: string; sort?: string };
  extra?: Partial<TableProperties>;
}

function table(ctx: RegionalContext, key: Handle, spec: TableSpec): Handle {
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
  } else {
    properties.OnDemandThroughput = {
      MaxReadRequestUnits: settings.onDemandMax.read,
      MaxWriteRequestUnits: settings.onDemandMax.write,
    };
  }
  const handle = t.resource(spec.id, new DynamoTable(properties), retention(ctx));
  if (provisioned) autoscaling(ctx, spec.id, handle);
  return handle;
}

/** Target tracking on read and write capacity utilisation. */
function autoscaling(ctx: RegionalContext, tableId: string, table: Handle): void {
  const { t, settings } = ctx;
  const dimensions = [
    { kind: 'Read', range: settings.provisioned.read, metric: 'DynamoDBReadCapacityUtilization' },
    { kind: 'Write', range: settings.provisioned.write, metric: 'DynamoDBWriteCapacityUtilization' },
  ] as const;
  for (const dimension of dimensions) {
    const target = t.resource(
      `${tableId}${dimension.kind}ScalableTarget`,
      new ApplicationAutoScaling.ScalableTarget({
        ServiceNamespace: 'dynamodb',
        ScalableDimension: `dynamodb:table:${dimension.kind}CapacityUnits`,
        ResourceId: sub('table/${Table}', { Table: table.ref() }),
        MinCapacity: dimension.range.min,
        MaxCapacity: dimension.range.max,
      }),
    );
    t.resource(
      `${tableId}${dimension.kind}ScalingPolicy`,
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

export function tables(ctx: RegionalContext, key: Handle): Tables {
  return {
    marketData: table(ctx, key, { id: 'MarketDataTable', purpose: 'market-data', keys: MARKET_DATA_KEY }),
    jobs: table(ctx, key, {
      id: 'JobsTable',
      purpose: 'jobs',
      keys: JOBS_KEY,
      extra: { TimeToLiveSpecification: { AttributeName: JOBS_TTL_ATTRIBUTE, Enabled: true } },
    }),
  };
}
