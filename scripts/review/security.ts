/**
 * Every change that widens or narrows access, classified: IAM identity, trust, key, bucket, queue
 * and topic policies and Lambda permissions (as grants, see policy-grants.ts), managed policy
 * attachments, permissions boundaries, API authorization, S3 public-access blocks, security
 * groups (the cdk engine's rules) and a few security-relevant properties whose direction cannot
 * be read off the template ("unclassified": a human decides, and the gate treats it as widening).
 */

import { isRecord, record, sameValue, show } from './json';
import type { SecurityChange } from './model';
import { describeGrants, type Grant, grants, uncovered } from './policy-grants';
import type { SemanticDiff } from './template-diff';

type Props = Record<string, unknown>;

interface PolicyArea {
  area: string;
  /** The grants of this area in one version of the resource (its properties). */
  read: (properties: Props, logicalId: string) => Grant[];
}

const inline = (properties: Props, logicalId: string): Grant[] =>
  (Array.isArray(properties.Policies) ? properties.Policies : []).flatMap((p) =>
    grants(record(p).PolicyDocument, logicalId),
  );
const document = (key: string) => (properties: Props, logicalId: string) =>
  grants(properties[key], logicalId);
const attached = (properties: Props, logicalId: string): Grant[] =>
  (Array.isArray(properties.ManagedPolicyArns) ? properties.ManagedPolicyArns : []).map((arn) => ({
    effect: 'Allow',
    principal: logicalId,
    action: `the managed policy ${show(arn)}`,
    resource: '(its resources)',
    condition: '',
  }));
const policyTargets = (properties: Props): string =>
  ['Roles', 'Users', 'Groups']
    .flatMap((k) => (Array.isArray(properties[k]) ? properties[k] : []))
    .map((v) => show(v))
    .join(', ') || '(no principal)';
/** AddPermission's statement: the principal may call the action on the function, from the source. */
const lambdaPermission = (properties: Props): Grant[] =>
  grants(
    {
      Statement: {
        Effect: 'Allow',
        Principal: { Service: properties.Principal },
        Action: properties.Action,
        Resource: properties.FunctionName,
        ...(properties.SourceArn !== undefined || properties.SourceAccount !== undefined
          ? {
              Condition: {
                ...(properties.SourceArn !== undefined
                  ? { ArnLike: { 'AWS:SourceArn': properties.SourceArn } }
                  : {}),
                ...(properties.SourceAccount !== undefined
                  ? { StringEquals: { 'AWS:SourceAccount': properties.SourceAccount } }
                  : {}),
              },
            }
          : {}),
      },
    },
    '',
  );

const POLICY_AREAS: Readonly<Record<string, readonly PolicyArea[]>> = {
  'AWS::IAM::Role': [
    { area: 'identity policy', read: inline },
    { area: 'managed policies', read: attached },
    { area: 'trust policy', read: document('AssumeRolePolicyDocument') },
  ],
  'AWS::IAM::User': [
    { area: 'identity policy', read: inline },
    { area: 'managed policies', read: attached },
  ],
  'AWS::IAM::Group': [
    { area: 'identity policy', read: inline },
    { area: 'managed policies', read: attached },
  ],
  'AWS::IAM::Policy': [{ area: 'identity policy', read: (p) => grants(p.PolicyDocument, policyTargets(p)) }],
  'AWS::IAM::ManagedPolicy': [
    { area: 'identity policy', read: (p) => grants(p.PolicyDocument, policyTargets(p)) },
  ],
  'AWS::KMS::Key': [{ area: 'key policy', read: document('KeyPolicy') }],
  'AWS::S3::BucketPolicy': [{ area: 'bucket policy', read: document('PolicyDocument') }],
  'AWS::SQS::QueuePolicy': [{ area: 'queue policy', read: document('PolicyDocument') }],
  'AWS::SNS::TopicPolicy': [{ area: 'topic policy', read: document('PolicyDocument') }],
  'AWS::Lambda::Permission': [{ area: 'Lambda permission', read: lambdaPermission }],
};

const HTTP_METHODS = new Set([
  'get',
  'put',
  'post',
  'delete',
  'patch',
  'head',
  'any',
  'x-amazon-apigateway-any-method',
]);

/** `POST /upload` → its security requirement (an OpenAPI body on a REST API); [] = none. */
function operationAuth(properties: Props): Map<string, unknown> {
  const body = record(properties.Body);
  const global = body.security;
  const out = new Map<string, unknown>();
  for (const [path, item] of Object.entries(record(body.paths)))
    for (const [method, operation] of Object.entries(record(item)))
      if (HTTP_METHODS.has(method.toLowerCase()))
        out.set(`${method.toUpperCase()} ${path}`, record(operation).security ?? global ?? []);
  return out;
}

const isOpen = (security: unknown): boolean =>
  !Array.isArray(security) ||
  security.length === 0 ||
  security.some((s) => isRecord(s) && Object.keys(s).length === 0);

/** S3 turns every flag on for new buckets (April 2023): a flag left out is on. */
const PUBLIC_ACCESS_FLAGS = [
  'BlockPublicAcls',
  'BlockPublicPolicy',
  'IgnorePublicAcls',
  'RestrictPublicBuckets',
];
const flagOn = (properties: Props, flag: string): boolean =>
  record(properties.PublicAccessBlockConfiguration)[flag] !== false &&
  record(properties.PublicAccessBlockConfiguration)[flag] !== 'false';

/** Properties whose change matters to security but whose direction a reader must judge. */
const POSTURE: Readonly<Record<string, readonly string[]>> = {
  'AWS::S3::Bucket': ['BucketEncryption'],
  'AWS::DynamoDB::Table': ['SSESpecification'],
  'AWS::SQS::Queue': ['KmsMasterKeyId', 'SqsManagedSseEnabled'],
  'AWS::SNS::Topic': ['KmsMasterKeyId'],
  'AWS::Logs::LogGroup': ['KmsKeyId'],
  'AWS::KMS::Key': ['EnableKeyRotation', 'Enabled'],
  'AWS::Lambda::Url': ['AuthType', 'Cors'],
  'AWS::ApiGateway::RestApi': ['Policy', 'EndpointConfiguration'],
};

export function securityChanges(diff: SemanticDiff): SecurityChange[] {
  const out: SecurityChange[] = [];
  for (const r of diff.resources) {
    const before = record(r.before?.Properties);
    const after = record(r.after?.Properties);
    const push = (direction: SecurityChange['direction'], area: string, detail: string) =>
      out.push({ direction, logicalId: r.logicalId, type: r.type, area, detail });

    for (const { area, read } of POLICY_AREAS[r.type] ?? []) {
      const old = r.before ? read(before, r.logicalId) : [];
      const next = r.after ? read(after, r.logicalId) : [];
      const allow = (gs: Grant[]) => gs.filter((g) => g.effect === 'Allow');
      const deny = (gs: Grant[]) => gs.filter((g) => g.effect === 'Deny');
      // A new Allow or a dropped Deny widens; a dropped Allow or a new Deny narrows.
      for (const line of describeGrants(uncovered(allow(next), allow(old)))) push('broadening', area, line);
      for (const line of describeGrants(uncovered(deny(old), deny(next))))
        push('broadening', area, `no longer ${line}`);
      for (const line of describeGrants(uncovered(allow(old), allow(next))))
        push('narrowing', area, `no longer ${line}`);
      for (const line of describeGrants(uncovered(deny(next), deny(old)))) push('narrowing', area, line);
    }

    if (r.type === 'AWS::IAM::Role' || r.type === 'AWS::IAM::User') {
      const was = before.PermissionsBoundary;
      const is = after.PermissionsBoundary;
      if (r.kind === 'modified' && !sameValue(was, is)) {
        if (is === undefined) push('broadening', 'permissions boundary', `boundary ${show(was)} removed`);
        else if (was === undefined) push('narrowing', 'permissions boundary', `boundary ${show(is)} added`);
        else push('unclassified', 'permissions boundary', `boundary ${show(was)} → ${show(is)}`);
      }
      if (r.kind === 'added' && is === undefined)
        push('broadening', 'permissions boundary', 'a new identity without a boundary');
    }

    if (r.type === 'AWS::ApiGateway::RestApi') {
      const old = operationAuth(before);
      const next = operationAuth(after);
      for (const [operation, security] of next) {
        const was = old.get(operation);
        if (isOpen(security) && (was === undefined || !isOpen(was)))
          push(
            'broadening',
            'API authorization',
            `${operation} needs no authorization${was === undefined ? ' (new operation)' : ` (was ${show(was)})`}`,
          );
        else if (!isOpen(security) && was !== undefined && isOpen(was))
          push('narrowing', 'API authorization', `${operation} now requires ${show(security)}`);
        else if (!isOpen(security) && was !== undefined && !sameValue(security, was))
          push('unclassified', 'API authorization', `${operation}: ${show(was)} → ${show(security)}`);
      }
    }
    if (r.type === 'AWS::ApiGateway::Method' && r.after && after.HttpMethod !== 'OPTIONS') {
      const was = r.before ? String(before.AuthorizationType ?? 'NONE') : undefined;
      const is = String(after.AuthorizationType ?? 'NONE');
      if (is === 'NONE' && was !== 'NONE')
        push('broadening', 'API authorization', `AuthorizationType ${was ?? '(new method)'} → NONE`);
      else if (was === 'NONE' && is !== 'NONE')
        push('narrowing', 'API authorization', `AuthorizationType NONE → ${is}`);
      if (before.ApiKeyRequired === true && after.ApiKeyRequired !== true)
        push('broadening', 'API authorization', 'no longer requires an API key');
    }

    if (r.type === 'AWS::S3::Bucket' && r.after)
      for (const flag of PUBLIC_ACCESS_FLAGS) {
        const was = r.before ? flagOn(before, flag) : true;
        const is = flagOn(after, flag);
        if (was && !is) push('broadening', 'public access block', `${flag} turned off`);
        if (!was && is) push('narrowing', 'public access block', `${flag} turned on`);
      }

    if (r.kind === 'modified')
      for (const property of POSTURE[r.type] ?? [])
        if (!sameValue(before[property], after[property]))
          push(
            'unclassified',
            'security setting',
            `${property}: ${show(before[property], 80)} → ${show(after[property], 80)}`,
          );
  }

  // Security groups: the engine's own rule diff.
  const groups = diff.engine.securityGroupChanges;
  for (const row of groups.summarize().slice(1)) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the engine colours its table cells
    const [sign, group, direction, protocol, peer] = row.map((cell) => cell.replace(/\u001b\[[0-9;]*m/g, ''));
    const added = sign?.includes('+') ?? false;
    out.push({
      direction: added ? 'broadening' : 'narrowing',
      logicalId: group ?? '',
      type: 'AWS::EC2::SecurityGroup',
      area: 'security group',
      detail: `${added ? 'adds' : 'removes'} ${direction} ${protocol} ${peer}`,
    });
  }
  return out;
}
