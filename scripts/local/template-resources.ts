/**
 * What the local stack takes from the generated regional template, so that local and deployed
 * resources come from one definition: table keys and TTL, the bucket's notification prefix, the
 * stage's throttle, and each function's environment variable names. A function the template does
 * not define yet (the worker) runs with the contract's variables and Lambda's default timeout.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTION_ENV, FUNCTION_NAMES, type FunctionName } from '../../src/contract';
import { functionIds, REGIONAL_IDS } from '../../src/conventions';
import { regionalTemplateFile } from '../../src/templates';
import { REPO_ROOT } from './paths';

export interface TableDefinition {
  logicalId: string;
  keySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  attributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  ttlAttribute?: string;
}

export interface LocalDefinitions {
  tables: { marketData: TableDefinition; jobs: TableDefinition };
  notificationPrefix: string;
  throttle: { rateLimit: number; burstLimit: number };
  functions: Record<FunctionName, FunctionDefinition>;
}

export interface FunctionDefinition {
  /** Variable name → literal value, or undefined where the template computes it (names, ARNs). */
  environment: Record<string, string | undefined>;
  timeoutSeconds: number;
}

interface TemplateJson {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
}

/** The worker's timeout where the template does not define the worker (yet): Lambda's 300 s. */
const DEFAULT_TIMEOUT_SECONDS = 300;

function resource(template: TemplateJson, id: string) {
  const found = template.Resources[id];
  if (!found) throw new Error(`the regional template has no ${id}: run npm run build:templates`);
  return found.Properties;
}

function table(template: TemplateJson, logicalId: string): TableDefinition {
  const props = resource(template, logicalId) as {
    KeySchema: TableDefinition['keySchema'];
    AttributeDefinitions: TableDefinition['attributeDefinitions'];
    TimeToLiveSpecification?: { AttributeName: string; Enabled: boolean };
  };
  const ttl = props.TimeToLiveSpecification;
  return {
    logicalId,
    keySchema: props.KeySchema,
    attributeDefinitions: props.AttributeDefinitions,
    ...(ttl?.Enabled ? { ttlAttribute: ttl.AttributeName } : {}),
  };
}

/** The local stack runs one environment's template: dev unless told otherwise. */
export function localTemplateFile(environment = 'dev'): string {
  return join(REPO_ROOT, 'templates', regionalTemplateFile(environment));
}

export function readLocalDefinitions(file = localTemplateFile()): LocalDefinitions {
  const template = JSON.parse(readFileSync(file, 'utf8')) as TemplateJson;
  const bucket = resource(template, REGIONAL_IDS.uploadBucket) as {
    NotificationConfiguration: {
      LambdaConfigurations: { Filter: { S3Key: { Rules: { Name: string; Value: string }[] } } }[];
    };
  };
  const rules = bucket.NotificationConfiguration.LambdaConfigurations[0]?.Filter.S3Key.Rules ?? [];
  const prefix = rules.find((rule) => rule.Name === 'prefix')?.Value;
  if (!prefix) throw new Error('the upload bucket has no prefix filter on its notification');
  const stage = resource(template, REGIONAL_IDS.apiStage) as {
    MethodSettings: { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }[];
  };
  const settings = stage.MethodSettings[0];
  if (!settings) throw new Error('the API stage has no method settings');
  const functions = Object.fromEntries(
    FUNCTION_NAMES.map((fn) => {
      const id = functionIds(fn).function;
      // Variables the contract names but the template does not set are computed locally (queue URLs).
      const contractVariables = Object.fromEntries(
        FUNCTION_ENV[fn].map((name) => [name, undefined]),
      ) as Record<string, string | undefined>;
      if (template.Resources[id] === undefined) {
        // Its literal settings (write concurrency) are the processor's, whose work it shares.
        const processor = resource(template, functionIds('processor').function) as {
          Environment: { Variables: Record<string, unknown> };
        };
        const environment = Object.fromEntries(
          Object.keys(contractVariables).map((name) => {
            const value = processor.Environment.Variables[name];
            return [name, typeof value === 'string' ? value : undefined];
          }),
        );
        return [fn, { environment, timeoutSeconds: DEFAULT_TIMEOUT_SECONDS }];
      }
      const props = resource(template, id) as {
        Environment: { Variables: Record<string, unknown> };
        Timeout: number;
      };
      const environment = {
        ...contractVariables,
        ...Object.fromEntries(
          Object.entries(props.Environment.Variables).map(([name, value]) => [
            name,
            typeof value === 'string' ? value : undefined,
          ]),
        ),
      };
      return [fn, { environment, timeoutSeconds: props.Timeout }];
    }),
  ) as Record<FunctionName, FunctionDefinition>;
  return {
    tables: {
      marketData: table(template, REGIONAL_IDS.marketDataTable),
      jobs: table(template, REGIONAL_IDS.jobsTable),
    },
    notificationPrefix: prefix,
    throttle: { rateLimit: settings.ThrottlingRateLimit, burstLimit: settings.ThrottlingBurstLimit },
    functions,
  };
}
