/**
 * Whether a value satisfies a template parameter's declaration, checked the way CloudFormation
 * checks it: its Type, AllowedValues, AllowedPattern (the whole value), lengths and range. Used
 * for parameter defaults at build time and for values a deployer passes, so that a bad value is
 * refused before anything is uploaded rather than in the middle of a StackSet operation.
 */

/** The parts of a parameter declaration that constrain its value. */
export interface ParameterConstraints {
  Type?: unknown;
  AllowedValues?: readonly unknown[];
  AllowedPattern?: unknown;
  MinLength?: unknown;
  MaxLength?: unknown;
  MinValue?: unknown;
  MaxValue?: unknown;
}

const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** Why `value` breaks the declaration (one rule, in words), or undefined when it is allowed. */
export function parameterViolation(parameter: ParameterConstraints, value: string): string | undefined {
  const type = String(parameter.Type ?? 'String');
  if (type === 'Number' && !NUMBER.test(value.trim())) return 'is not a number (Type Number)';
  if (type === 'List<Number>' && !value.split(',').every((item) => NUMBER.test(item.trim())))
    return 'is not a comma-separated list of numbers (Type List<Number>)';
  const allowed = parameter.AllowedValues?.map(String);
  if (allowed && !allowed.includes(value)) return `is not one of its AllowedValues ${allowed.join(', ')}`;
  if (parameter.AllowedPattern !== undefined) {
    const pattern = String(parameter.AllowedPattern);
    if (!new RegExp(`^(?:${pattern})$`).test(value)) return `does not match its AllowedPattern ${pattern}`;
  }
  if (parameter.MinLength !== undefined && value.length < Number(parameter.MinLength))
    return `is shorter than its MinLength ${parameter.MinLength}`;
  if (parameter.MaxLength !== undefined && value.length > Number(parameter.MaxLength))
    return `is longer than its MaxLength ${parameter.MaxLength}`;
  if (parameter.MinValue !== undefined && Number(value) < Number(parameter.MinValue))
    return `is below its MinValue ${parameter.MinValue}`;
  if (parameter.MaxValue !== undefined && Number(value) > Number(parameter.MaxValue))
    return `is above its MaxValue ${parameter.MaxValue}`;
  return undefined;
}
