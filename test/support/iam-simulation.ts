/**
 * One IAM request evaluated by @cloud-copilot/iam-simulate: the principal's identity policies and
 * permissions boundary, the resource's policy, and the request context the caller states (the
 * simulator fills in none: aws:PrincipalArn, tags, kms:ViaService ... are given by each claim).
 */
import {
  anonymousPrincipal,
  type EvaluationResult,
  runSimulation,
  type Simulation,
} from '@cloud-copilot/iam-simulate';
import type { Json } from './resolve-template';

export type Decision = EvaluationResult;

export interface PolicyDocumentJson {
  Version: string;
  Statement: Json[];
}

export interface IamRequest {
  /** A principal ARN, a service principal (`lambda.amazonaws.com`), or 'anonymous'. */
  principal: string;
  action: string;
  resource: string;
  /** The account that owns the resource. */
  resourceAccount: string;
  context?: Record<string, string | string[]>;
  identityPolicies?: PolicyDocumentJson[];
  boundary?: PolicyDocumentJson;
  resourcePolicy?: PolicyDocumentJson;
}

export class SimulationInputError extends Error {
  override name = 'SimulationInputError';
}

export async function decide(request: IamRequest): Promise<Decision> {
  const anonymous = request.principal === 'anonymous';
  const simulation: Simulation = {
    request: {
      principal: anonymous ? anonymousPrincipal : request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.resourceAccount },
      contextVariables: request.context ?? {},
    },
    identityPolicies: (request.identityPolicies ?? []).map((policy, i) => ({
      name: `identity-${i}`,
      policy,
    })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(request.resourcePolicy ? { resourcePolicy: request.resourcePolicy } : {}),
    ...(request.boundary
      ? { permissionBoundaryPolicies: [{ name: 'boundary', policy: request.boundary }] }
      : {}),
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error')
    throw new SimulationInputError(
      `${request.action} on ${request.resource}: ${result.errors.message} ${JSON.stringify(result.errors)}`,
    );
  return result.overallResult;
}
