/**
 * `npm run rollout`: lint, upload, then create or update the StackSet and its instances, follow the
 * operation region by region, and end with a per-region summary. Returns the exit code.
 */

import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  Capability,
  type CloudFormationClient,
  CreateStackInstancesCommand,
  CreateStackSetCommand,
  type StackSetOperationPreferences,
  UpdateStackSetCommand,
} from '@aws-sdk/client-cloudformation';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import {
  STACKSET_ADMINISTRATION_ROLE_NAME,
  STACKSET_EXECUTION_ROLE_NAME,
  stackSetName,
} from '../../src/conventions';
import { environmentTarget } from '../build-lambdas';
import { describeStackSet } from '../review/deployed';
import type { TemplateBody } from '../review/model';
import { reviewRollout } from '../review/rollout-review';
import { type Bundle, ensureBundles } from './bundles';
import { EndpointUnreachableError } from './clients';
import { checkDeployedCode } from './deployed-code';
import { lintTemplates } from './lint';
import { localPlanLines } from './local-plan';
import { failures, waitForOperation } from './operation';
import { EXIT_NOT_COMPARED, type RolloutOptions } from './options';
import {
  checkParameterValues,
  refuseOwnedOverrides,
  stackSetParameters,
  toParameterList,
} from './parameters';
import { isNoOp, planRollout, type RolloutPlan } from './plan';
import { ProgressDisplay, type ProgressWriter } from './progress';
import { refuseUnservedRegions } from './regions';
import { retryWhileOperationInProgress } from './retry';
import { formatSummary, listInstances, summarise } from './summary';
import {
  type LoadedTemplate,
  loadBuiltTemplate,
  loadEnvironmentTemplate,
  refuseOtherEnvironment,
  type TemplateSource,
  templateSource,
} from './template-source';
import { bundleUploads, checkBucket, performUploads, type Upload } from './uploads';

/** Regions in parallel, and no failure tolerated: one failed region stops the operation. */
export const OPERATION_PREFERENCES: StackSetOperationPreferences = {
  RegionConcurrencyType: 'PARALLEL',
  FailureToleranceCount: 0,
  MaxConcurrentCount: 1,
};

export interface RolloutDeps {
  root: string;
  homeRegion: string;
  cloudFormation: (region?: string) => CloudFormationClient;
  s3: (region: string) => S3Client;
  /** Reads each deployed function's CodeSha256 after the operation. */
  lambda: (region: string) => LambdaClient;
  sts: () => STSClient;
  out: ProgressWriter;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  pollMs: number;
  retryDelayMs: number;
  retryAttempts: number;
  /** Rebuild a stale templates/<env>/regional.json in place (the CLI) or only in memory (tests). */
  writeStaleTemplates?: boolean;
  /** Skips cfn-lint and bundle building: for unit tests that bring their own zips. */
  prepared?: { bundles: Bundle[] };
}

function describePlan(plan: RolloutPlan, source: TemplateSource): string[] {
  const lines: string[] = [];
  if (plan.stackSet === 'create') lines.push('  create the StackSet');
  if (plan.stackSet === 'update') lines.push('  update the StackSet and its instances:');
  if (plan.stackSet === 'update') for (const reason of plan.reasons) lines.push(`    - ${reason}`);
  if (plan.createInstancesIn.length > 0)
    lines.push(`  add instances in ${plan.createInstancesIn.join(', ')}`);
  lines.push(
    source.kind === 'inline'
      ? `  template inline (${source.bytes} bytes ≤ 51,200)`
      : `  template staged at ${source.url} (${source.bytes} bytes > 51,200 inline limit)`,
  );
  return lines;
}

/** The SDK found no credentials anywhere it looks: a dry run can still show the local plan. */
function missingCredentials(error: unknown): error is Error {
  return error instanceof Error && error.name === 'CredentialsProviderError';
}

/** What the dry run says about the environment, and what the flags changed of it. */
function environmentLines(options: RolloutOptions): string[] {
  const lines = [
    `environment ${options.environment} (src/environments.ts): suffix ${options.environmentSuffix}, regions ${(options.narrowedFrom ?? options.regions).join(', ')}${options.account ? `, account ${options.account}` : ''}`,
  ];
  if (options.narrowedFrom) lines.push(`  --regions narrows it to ${options.regions.join(', ')}`);
  for (const [key, value] of Object.entries(options.parameters)) {
    const configured = options.configParameters[key];
    lines.push(
      `  --parameter overrides ${key}: ${configured === undefined ? "the template's default" : JSON.stringify(configured)} → ${JSON.stringify(value)}`,
    );
  }
  return lines;
}

/**
 * Everything that can be refused without building or asking AWS: the template's environment,
 * its regions, and every parameter value. Runs first, so a mistake costs nothing.
 */
function checkInputs(options: RolloutOptions, deps: RolloutDeps): LoadedTemplate {
  refuseOwnedOverrides(options.parameters);
  // A dry run changes nothing, templates/ included: it plans with the fresh build in a temporary file.
  const template = options.templateFile
    ? loadBuiltTemplate(options.templateFile)
    : loadEnvironmentTemplate(deps.root, options.environment, {
        writeStale: !options.dryRun && (deps.writeStaleTemplates ?? true),
      });
  refuseOtherEnvironment(template, options);
  refuseUnservedRegions(options.regions, template.document);
  checkParameterValues(template.document, options.configParameters, () => 'src/environments.ts sets');
  checkParameterValues(template.document, options.parameters, () => '--parameter');
  return template;
}

export async function rollout(options: RolloutOptions, deps: RolloutDeps): Promise<number> {
  const template = checkInputs(options, deps);
  const log = (line: string) => deps.out.write(`${line}\n`);
  const name = stackSetName(options.environmentSuffix);
  log(
    `rollout of ${name} to ${options.regions.join(', ')} (StackSet home region ${deps.homeRegion})${options.dryRun ? ' — dry run' : ''}`,
  );
  for (const line of environmentLines(options)) log(line);

  const staleNote = options.dryRun
    ? `template: ${template.label} is stale; planning with a fresh build from src/ (templates/ left as is)`
    : `template: ${template.label} was stale; rebuilt from src/`;
  const asBuilt = options.templateFile
    ? `template: ${template.label}, deployed as built`
    : `template: ${template.label} is fresh`;
  log(template.rebuilt ? staleNote : asBuilt);
  let bundles = deps.prepared?.bundles;
  if (!bundles) {
    lintTemplates(deps.root, [template.file], options.regions);
    log('lint: cfn-lint with the project rules found nothing');
    bundles = await ensureBundles(deps.root, log, environmentTarget(options.environment));
  }

  const parameters = stackSetParameters(template.document, {
    environmentSuffix: options.environmentSuffix,
    artifactBucketPrefix: options.artifactBucketPrefix,
    bundles,
    configParameters: options.configParameters,
    overrides: options.parameters,
  });
  if (options.dryRun) {
    const input = {
      stackSet: name,
      regions: options.regions,
      homeRegion: deps.homeRegion,
      template,
      bundles,
      parameters,
      artifactBucketPrefix: options.artifactBucketPrefix,
    };
    for (const line of localPlanLines(input)) log(line);
  }

  try {
    return await compareAndDeploy(options, deps, { name, template, bundles, parameters });
  } catch (error) {
    if (!(options.dryRun && (missingCredentials(error) || error instanceof EndpointUnreachableError)))
      throw error;
    const why = missingCredentials(error)
      ? `no AWS credentials were found (${error.message})`
      : (error as EndpointUnreachableError).message;
    log(
      `could not compare with AWS: the StackSet ${name}'s current template, parameters and instances, ` +
        `and which artifacts the buckets already hold; ${why}`,
    );
    log(
      `dry run: nothing was changed, and the plan above is not compared with AWS (exit ${EXIT_NOT_COMPARED})`,
    );
    return EXIT_NOT_COMPARED;
  }
}

async function compareAndDeploy(
  options: RolloutOptions,
  deps: RolloutDeps,
  input: {
    name: string;
    template: LoadedTemplate;
    bundles: Bundle[];
    parameters: Record<string, string>;
  },
): Promise<number> {
  const { name, template, bundles, parameters } = input;
  const log = (line: string) => deps.out.write(`${line}\n`);
  const cf = deps.cloudFormation();
  const identity = await deps.sts().send(new GetCallerIdentityCommand({}));
  const account = identity.Account ?? '';
  if (!/^\d{12}$/.test(account)) throw new Error(`could not read the account id (got "${account}")`);
  if (options.account && account !== options.account)
    throw new Error(
      `environment ${options.environment} deploys to account ${options.account}, but these credentials are of account ${account}; nothing was changed`,
    );

  // The change review and its gate, before anything is uploaded or changed.
  const existing = await describeStackSet(cf, name);
  const reviewed = reviewRollout({
    name,
    existing,
    template: template.document as unknown as TemplateBody,
    parameters,
    approvals: options.approvals ?? [],
    ...(options.approvedReview === undefined ? {} : { approvedReview: options.approvedReview }),
    dryRun: options.dryRun,
    log,
  });
  if (reviewed.exitCode !== undefined) return reviewed.exitCode;

  const administrationRoleArn = `arn:${identity.Arn?.split(':')[1] ?? 'aws'}:iam::${account}:role/${STACKSET_ADMINISTRATION_ROLE_NAME}`;
  const source = templateSource(template, {
    stackSet: name,
    homeRegion: deps.homeRegion,
    account,
    prefix: options.artifactBucketPrefix,
  });

  const buckets = new Map<string, string>();
  for (const upload of bundleUploads(bundles, options.regions, options.artifactBucketPrefix, account))
    buckets.set(upload.region, upload.bucket);
  const uploads: Upload[] = bundleUploads(bundles, options.regions, options.artifactBucketPrefix, account);
  if (source.kind === 'staged') {
    buckets.set(source.region, source.bucket);
    uploads.push({
      region: source.region,
      bucket: source.bucket,
      key: source.key,
      body: { bytes: Buffer.from(template.body) },
      sha256: createHash('sha256').update(template.body).digest('hex'),
      contentType: 'application/json',
    });
  }
  for (const [region, bucket] of buckets) await checkBucket(deps.s3(region), bucket, region);
  const uploaded = await performUploads(uploads, deps.s3, {
    dryRun: options.dryRun,
    readFile: (f) => readFile(f),
  });
  const count = (action: string) => uploaded.filter((u) => u.action === action).length;
  const replaced = count('replaced') + count('would replace');
  log(
    `artifacts: ${count('uploaded')} uploaded, ${count('present')} already present (checksums verified)${options.dryRun ? `, ${count('would upload')} would be uploaded` : ''}${replaced > 0 ? `, ${replaced} without a checksum ${options.dryRun ? 'would be ' : ''}replaced` : ''}`,
  );

  const instances = existing ? await listInstances(cf, name) : [];
  const plan = planRollout(
    {
      name,
      template: template.document,
      parameters,
      administrationRoleArn,
      executionRoleName: STACKSET_EXECUTION_ROLE_NAME,
      account,
      regions: options.regions,
    },
    existing,
    instances,
  );

  if (isNoOp(plan)) {
    log(`nothing to do: ${name} has this template and these parameters, with an instance in every region`);
  } else {
    log('plan:');
    for (const line of describePlan(plan, source)) log(line);
  }
  if (options.dryRun) {
    log('dry run: nothing was changed');
    return 0;
  }

  let failed: string[] = [];
  if (!isNoOp(plan))
    failed = await execute(
      name,
      plan,
      source,
      template.body,
      { parameters, account, administrationRoleArn },
      options,
      deps,
    );
  const summaries = await summarise(
    await listInstances(cf, name),
    options.regions,
    account,
    deps.cloudFormation,
  );
  log(formatSummary(name, summaries));
  const code = await checkDeployedCode(summaries, bundles, deps.lambda);
  for (const line of code.lines) log(line);
  failed = [...failed, ...code.mismatches];
  if (failed.length > 0) {
    log(`rollout FAILED:\n  ${failed.join('\n  ')}`);
    return 1;
  }
  log(isNoOp(plan) ? 'rollout: no change' : 'rollout: done');
  return 0;
}

async function execute(
  name: string,
  plan: RolloutPlan,
  source: TemplateSource,
  body: string,
  target: { parameters: Record<string, string>; account: string; administrationRoleArn: string },
  options: RolloutOptions,
  deps: RolloutDeps,
): Promise<string[]> {
  const cf = deps.cloudFormation();
  const log = (line: string) => deps.out.write(`${line}\n`);
  const templateInput = source.kind === 'inline' ? { TemplateBody: body } : { TemplateURL: source.url };
  const common = {
    StackSetName: name,
    ...templateInput,
    Parameters: toParameterList(target.parameters),
    Capabilities: [Capability.CAPABILITY_NAMED_IAM],
    AdministrationRoleARN: target.administrationRoleArn,
    ExecutionRoleName: STACKSET_EXECUTION_ROLE_NAME,
  };
  const retry = <T>(call: () => Promise<T>) =>
    retryWhileOperationInProgress(call, {
      delayMs: deps.retryDelayMs,
      attempts: deps.retryAttempts,
      sleep: deps.sleep,
      onWait: (attempt, attempts, delay) =>
        log(
          `another operation is running on ${name}; waiting ${Math.round(delay / 1000)} s (attempt ${attempt}/${attempts})`,
        ),
    });
  const follow = async (operationId: string | undefined, what: string, regions: readonly string[]) => {
    if (!operationId) throw new Error(`${what}: CloudFormation returned no operation id`);
    log(`${what} (operation ${operationId}):`);
    const display = new ProgressDisplay(deps.out);
    const outcome = await waitForOperation(cf, name, operationId, display, {
      pollMs: deps.pollMs,
      sleep: deps.sleep,
      now: deps.now,
      regions,
    });
    log(`${what}: ${outcome.status}`);
    return failures(outcome);
  };

  if (plan.stackSet === 'create') {
    await retry(() =>
      cf.send(
        new CreateStackSetCommand({
          ...common,
          PermissionModel: 'SELF_MANAGED',
          Description: 'ServApp regional stack',
        }),
      ),
    );
    log(`created StackSet ${name}`);
  }
  const existingRegions = options.regions.filter((r) => !plan.createInstancesIn.includes(r));
  if (plan.stackSet === 'update') {
    const operationId = randomUUID();
    const result = await retry(() =>
      cf.send(
        new UpdateStackSetCommand({
          ...common,
          OperationId: operationId,
          OperationPreferences: OPERATION_PREFERENCES,
          // The instances this rollout targets, named so that each reports its own result.
          ...(existingRegions.length > 0 ? { Accounts: [target.account], Regions: existingRegions } : {}),
        }),
      ),
    );
    const failed = await follow(result.OperationId, 'updating the StackSet instances', existingRegions);
    if (failed.length > 0) return failed;
  }
  if (plan.createInstancesIn.length > 0) {
    const operationId = randomUUID();
    const result = await retry(() =>
      cf.send(
        new CreateStackInstancesCommand({
          StackSetName: name,
          Accounts: [target.account],
          Regions: plan.createInstancesIn,
          OperationId: operationId,
          OperationPreferences: OPERATION_PREFERENCES,
        }),
      ),
    );
    return follow(
      result.OperationId,
      `adding instances in ${plan.createInstancesIn.join(', ')}`,
      plan.createInstancesIn,
    );
  }
  return [];
}
