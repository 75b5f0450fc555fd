/**
 * IAM statements, least privilege by construction: `allow` refuses wildcard actions, and a
 * statement on `Resource: "*"` must say why the action cannot be scoped.
 */
import type { IntrinsicFunction } from 'cloudform-types';
import { sub } from './intrinsics.js';

export type ResourceRef = string | IntrinsicFunction;

export interface Statement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action: string[];
  Resource: ResourceRef | ResourceRef[];
  Condition?: Record<string, Record<string, unknown>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Statement[];
}

export class IamPolicyError extends Error {
  override name = 'IamPolicyError';
}

function checkActions(sid: string, actions: readonly string[]): void {
  if (actions.length === 0) throw new IamPolicyError(`${sid}: a statement needs at least one action`);
  for (const action of actions) {
    if (!/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(action)) {
      throw new IamPolicyError(`${sid}: action "${action}" is not a single, named action (no wildcards)`);
    }
  }
}

function statement(
  effect: Statement['Effect'],
  sid: string,
  actions: readonly string[],
  resources: readonly ResourceRef[],
  condition?: Statement['Condition'],
): Statement {
  checkActions(sid, actions);
  if (resources.length === 0) throw new IamPolicyError(`${sid}: a statement needs at least one resource`);
  const result: Statement = {
    Sid: sid,
    Effect: effect,
    Action: [...actions].sort(),
    Resource: [...resources],
  };
  if (condition) result.Condition = condition;
  return result;
}

/** Allows named actions on named resources. */
export function allow(
  sid: string,
  actions: readonly string[],
  resources: readonly ResourceRef[],
  condition?: Statement['Condition'],
): Statement {
  if (resources.includes('*')) throw new IamPolicyError(`${sid}: use allowUnscoped for Resource "*"`);
  return statement('Allow', sid, actions, resources, condition);
}

/** Denies named actions on named resources: an explicit Deny wins over any Allow. */
export function deny(
  sid: string,
  actions: readonly string[],
  resources: readonly ResourceRef[],
  condition?: Statement['Condition'],
): Statement {
  return statement('Deny', sid, actions, resources, condition);
}

/**
 * Allows actions that IAM cannot scope to a resource (X-Ray's PutTraceSegments, for one).
 * `reason` is required so that the exception is reviewed where it is made.
 */
export function allowUnscoped(sid: string, actions: readonly string[], reason: string): Statement {
  checkActions(sid, actions);
  if (reason.trim().length < 10) throw new IamPolicyError(`${sid}: say why these actions cannot be scoped`);
  return { Sid: sid, Effect: 'Allow', Action: [...actions].sort(), Resource: '*' };
}

export function policyDocument(statements: readonly Statement[]): PolicyDocument {
  const sids = new Set<string>();
  for (const statement of statements) {
    if (!/^[A-Za-z0-9]+$/.test(statement.Sid))
      throw new IamPolicyError(`Sid "${statement.Sid}" must be alphanumeric`);
    if (sids.has(statement.Sid)) throw new IamPolicyError(`Sid "${statement.Sid}" is used twice`);
    sids.add(statement.Sid);
  }
  return { Version: '2012-10-17', Statement: [...statements] };
}

/** The trust policy of a role assumed by one AWS service. */
export function serviceTrust(service: string, sourceAccountCondition = false): Record<string, unknown> {
  const statement: Record<string, unknown> = {
    Effect: 'Allow',
    Principal: { Service: service },
    Action: ['sts:AssumeRole'],
  };
  if (sourceAccountCondition)
    statement.Condition = { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } };
  return { Version: '2012-10-17', Statement: [statement] };
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>`, the resource part a Sub pattern. */
export function regionalArn(service: string, resource: string, variables: Record<string, unknown> = {}) {
  return sub(`arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${resource}`, variables);
}

/** `arn:<partition>:s3:::<bucket>[/<key pattern>]`, built as a string to keep S3 out of dependency cycles. */
export function s3Arn(bucketPattern: string, keyPattern?: string) {
  return sub(
    `arn:\${AWS::Partition}:s3:::${bucketPattern}${keyPattern === undefined ? '' : `/${keyPattern}`}`,
  );
}
