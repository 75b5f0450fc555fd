/**
 * Which functions' code changes: each function's zip is named by its sha256 in its `*CodeKey`
 * parameter, so the deployed value and the rollout's value differ exactly when the code does.
 */
import { FUNCTION_NAMES } from '../../src/contract';
import { functionIds } from '../../src/conventions';
import type { CodeChange } from './model';

export function codeChanges(
  before: Readonly<Record<string, string>> | undefined,
  after: Readonly<Record<string, string>>,
): CodeChange[] {
  const out: CodeChange[] = [];
  for (const fn of FUNCTION_NAMES) {
    const key = functionIds(fn).codeKeyParameter;
    const was = before?.[key];
    const is = after[key];
    if (was === is || is === undefined) continue;
    out.push({ function: fn, ...(was === undefined ? {} : { before: was }), after: is });
  }
  return out;
}

/** The code-key parameters: shown as code changes, not again among the parameter values. */
export function isCodeKeyParameter(name: string): boolean {
  return FUNCTION_NAMES.some((fn) => functionIds(fn).codeKeyParameter === name);
}
