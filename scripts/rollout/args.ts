/**
 * Command-line flags of the deploy scripts: `--name value`, `--name=value`, boolean `--flag`,
 * repeatable flags, and a leading positional command. Unknown flags are refused, so a typo never
 * silently deploys with a default.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface FlagSpec {
  /** Takes a value (else boolean). */
  value: boolean;
  /** May be given more than once. */
  repeat?: boolean;
}

export interface ParsedArgs {
  positional: string[];
  values: Map<string, string[]>;
  flags: Set<string>;
}

export function parseArgs(argv: readonly string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const parsed: ParsedArgs = { positional: [], values: new Map(), flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (!arg.startsWith('--')) {
      parsed.positional.push(arg);
      continue;
    }
    const [name = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
    const flag = spec[name];
    if (!flag) throw new UsageError(`unknown option --${name}`);
    if (!flag.value) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      parsed.flags.add(name);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--')))
      throw new UsageError(`--${name} needs a value`);
    const values = parsed.values.get(name) ?? [];
    if (values.length > 0 && !flag.repeat) throw new UsageError(`--${name} given twice`);
    parsed.values.set(name, [...values, value]);
  }
  return parsed;
}

export function single(parsed: ParsedArgs, name: string): string | undefined {
  return parsed.values.get(name)?.[0];
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** `us-east-1,us-west-2` → the regions, in order, without duplicates. */
export function parseRegions(text: string | undefined): string[] {
  if (!text) throw new UsageError('--regions is required, e.g. --regions us-east-1,us-west-2');
  const regions = [
    ...new Set(
      text
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    ),
  ];
  for (const region of regions) if (!REGION.test(region)) throw new UsageError(`not a region: ${region}`);
  if (regions.length === 0) throw new UsageError('--regions names no region');
  return regions;
}

/** `K=V` pairs → a map; a key given twice is refused. */
export function parseParameters(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const index = pair.indexOf('=');
    if (index <= 0) throw new UsageError(`--parameter expects Key=Value, got "${pair}"`);
    const key = pair.slice(0, index);
    if (key in out) throw new UsageError(`--parameter ${key} given twice`);
    out[key] = pair.slice(index + 1);
  }
  return out;
}
