/**
 * A queue message's body as a JSON object, or undefined when it is not one: the parsers of part
 * messages and failed-invocation records refuse such a body rather than throw on it.
 */
export function jsonObjectOf(body: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
