/**
 * After the operation: does each function run the zip this rollout built? Lambda reports the
 * SHA-256 of the code it deployed (`CodeSha256`); comparing it with the local zip catches code
 * that reached a function some other way than this rollout's upload (planted in the artifact
 * bucket between the checksum check and CloudFormation's copy, or swapped in afterwards).
 */
import { GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { functionIds } from '../../src/conventions';
import type { Bundle } from './bundles';
import type { RegionSummary } from './summary';
import { base64Sha256 } from './uploads';

export interface CodeCheck {
  /** One line per region for the log. */
  lines: string[];
  /** Functions that run other code than this rollout's zip: the rollout fails on any. */
  mismatches: string[];
}

export async function checkDeployedCode(
  summaries: readonly RegionSummary[],
  bundles: readonly Bundle[],
  lambdaFor: (region: string) => LambdaClient,
): Promise<CodeCheck> {
  const check: CodeCheck = { lines: [], mismatches: [] };
  for (const summary of summaries) {
    // Outputs of an instance that is not CURRENT may name functions the operation did not update.
    if (summary.status !== 'CURRENT' || summary.outputsUnavailable !== undefined) {
      const why = summary.outputsUnavailable
        ? 'its outputs are unavailable'
        : `the instance is ${summary.status}`;
      check.lines.push(`code: not verified in ${summary.region}: ${why}`);
      continue;
    }
    let verified = 0;
    for (const bundle of bundles) {
      const arn = summary.outputs[functionIds(bundle.name).arnOutput];
      if (!arn) {
        check.mismatches.push(`${summary.region}: the stack names no ${bundle.name} function to check`);
        continue;
      }
      const { CodeSha256 } = await lambdaFor(summary.region).send(
        new GetFunctionConfigurationCommand({ FunctionName: arn }),
      );
      const expected = base64Sha256(bundle.sha256);
      if (CodeSha256 === expected) verified += 1;
      else
        check.mismatches.push(
          `${summary.region}: ${arn} runs code with sha256 ${CodeSha256 ?? '(none)'}, not this rollout's ${bundle.name} zip (${expected})`,
        );
    }
    check.lines.push(
      `code: ${verified} of ${bundles.length} functions in ${summary.region} run this rollout's zips`,
    );
  }
  return check;
}
