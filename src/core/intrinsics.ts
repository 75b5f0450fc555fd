/** Intrinsic functions cloudform writes less compactly than a reviewer would. */
import { IntrinsicFunction } from 'cloudform-types';

/** `Fn::Sub` in its short form when there are no variables. */
export function sub(text: string, variables: Record<string, unknown> = {}): IntrinsicFunction {
  return Object.keys(variables).length === 0
    ? new IntrinsicFunction('Fn::Sub', text)
    : new IntrinsicFunction('Fn::Sub', [text, variables]);
}
