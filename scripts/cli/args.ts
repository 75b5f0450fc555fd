/**
 * The command line of every `npm run` entry point, so that they all behave like tools:
 * `--help`/`-h` prints the usage on stdout and exits 0; a usage error prints one line,
 * `<command>: <what is wrong>`, then the usage on stderr and exits 2; any other failure is one
 * line with the command's own exit code, never a stack trace.
 *
 * Options are declared as for `node:util` parseArgs and come back with its types, but the tokens
 * are checked here rather than by parseArgs' strict mode: its errors are multi-line and speak of
 * its own conventions, and it would take `--regions --dry-run` as a region.
 */
import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** `--help` or `-h` was given: not a failure, the usage goes to stdout. */
export class HelpRequested extends Error {
  override name = 'HelpRequested';
}

export type OptionValues<O extends ParseArgsOptionsConfig> = ReturnType<
  typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>
>['values'];

export interface ParsedCommandLine<O extends ParseArgsOptionsConfig> {
  values: OptionValues<O>;
  positionals: string[];
}

export interface CommandSpec<O extends ParseArgsOptionsConfig> {
  /** The npm script, which starts every error line: `rollout`, `bench:api`. */
  name: string;
  /** The whole usage text, from `usage: npm run …`; printed by --help and after a usage error. */
  usage: string;
  options: O;
  /** How many positional arguments (sub-command included) it takes at most; none by default. */
  maxPositionals?: number;
}

export interface Command<O extends ParseArgsOptionsConfig> extends CommandSpec<O> {
  /** Throws HelpRequested or UsageError. */
  parse(argv: readonly string[]): ParsedCommandLine<O>;
  /** For a script that reads its options at the top level: answers --help or a usage error and ends. */
  parseOrExit(argv?: readonly string[]): ParsedCommandLine<O>;
  /** Runs a top-level check (parse, then validators): --help or a usage error ends the process. */
  orExit<T>(check: () => T): T;
  /**
   * For a script whose body is top-level code: parseOrExit, and from then on an uncaught failure is
   * one line with exit code 1 instead of a stack trace.
   */
  begin(argv?: readonly string[]): ParsedCommandLine<O>;
}

function checkTokens(spec: CommandSpec<ParseArgsOptionsConfig>, argv: readonly string[]): string[] {
  const { tokens } = parseArgs({
    args: [...argv],
    options: spec.options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const positionals: string[] = [];
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    const option = Object.hasOwn(spec.options, token.name) ? spec.options[token.name] : undefined;
    if (!option || token.rawName !== `--${token.name}`) {
      // Short flags are only for help; `-n` for `--name` would be a second spelling to document.
      throw new UsageError(`unknown option ${token.rawName}`);
    }
    if (option.type === 'boolean' && token.value !== undefined)
      throw new UsageError(`${token.rawName} takes no value`);
    if (option.type === 'string') {
      // parseArgs takes the next argument whatever it is; an option name there is a forgotten value.
      if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--')))
        throw new UsageError(`${token.rawName} needs a value`);
    }
    if (seen.has(token.name) && option.multiple !== true)
      throw new UsageError(`${token.rawName} given twice`);
    seen.add(token.name);
  }
  const max = spec.maxPositionals ?? 0;
  if (positionals.length > max) throw new UsageError(`unexpected argument ${positionals[max]}`);
  return positionals;
}

function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

export function defineCommand<const O extends ParseArgsOptionsConfig>(spec: CommandSpec<O>): Command<O> {
  const parse = (argv: readonly string[]): ParsedCommandLine<O> => {
    if (wantsHelp(argv)) throw new HelpRequested();
    const positionals = checkTokens(spec, argv);
    // The tokens were checked above, so the loose parse has exactly the strict parse's shape.
    const { values } = parseArgs({
      args: [...argv],
      options: spec.options,
      strict: false,
      allowPositionals: true,
    });
    return { values: { ...values } as OptionValues<O>, positionals };
  };
  const orExit = <T>(check: () => T): T => {
    try {
      return check();
    } catch (error) {
      const code = reportUsage(spec, error);
      if (code === undefined) throw error;
      process.exit(code);
    }
  };
  return {
    ...spec,
    parse,
    parseOrExit: (argv = process.argv.slice(2)) => orExit(() => parse(argv)),
    orExit,
    begin(argv = process.argv.slice(2)) {
      const parsed = orExit(() => parse(argv));
      // A rejected top-level await arrives here too (origin unhandledRejection).
      process.on('uncaughtException', (error) => {
        process.stderr.write(`${spec.name}: ${describeError(error)}\n`);
        process.exit(1);
      });
      return parsed;
    },
  };
}

/**
 * Prints help (stdout) or a usage error (stderr) and returns the exit code; undefined when the
 * error is neither, for the caller to report.
 */
export function reportUsage(
  spec: Pick<CommandSpec<ParseArgsOptionsConfig>, 'name' | 'usage'>,
  error: unknown,
) {
  if (error instanceof HelpRequested) {
    process.stdout.write(`${spec.usage}\n`);
    return 0;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`${spec.name}: ${error.message}\n${spec.usage}\n`);
    return 2;
  }
  return undefined;
}

/** `Name: message: cause`, without the generic `Error` and without a stack. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const name = error.name === 'Error' ? '' : `${error.name}: `;
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${name}${error.message}${cause}`;
}

export interface RunOptions {
  /** An error's exit code and message when the command has its own; undefined for the default. */
  failure?: (error: unknown) => { code: number; message: string } | undefined;
  /** The exit code of any other failure. */
  failureCode?: number;
  /** End the process with main's code, even if open sockets (SDK clients) would keep it alive. */
  exit?: boolean;
}

/**
 * Runs main and turns its outcome into an exit code: its own number, 0 for help, 2 for a usage
 * error, and one line on stderr for anything else.
 */
export async function runMain(
  spec: Pick<CommandSpec<ParseArgsOptionsConfig>, 'name' | 'usage'>,
  main: () => Promise<number | undefined> | number | undefined,
  options: RunOptions = {},
): Promise<void> {
  let code: number | undefined;
  try {
    code = await main();
  } catch (error) {
    code = reportUsage(spec, error);
    if (code === undefined) {
      const own = options.failure?.(error);
      process.stderr.write(`${spec.name}: ${own?.message ?? describeError(error)}\n`);
      code = own?.code ?? options.failureCode ?? 1;
    }
  }
  if (code !== undefined) process.exitCode = code;
  if (options.exit) process.exit(code);
}

// Value checks: each names the option and the value it refused.

export function required(flag: string, raw: string | undefined, example = ''): string {
  if (raw === undefined || raw === '')
    throw new UsageError(`${flag} is required${example ? `, e.g. ${example}` : ''}`);
  return raw;
}

/** A whole number in [min, max]. */
export function integer(flag: string, raw: string, range?: { min?: number; max?: number }): number;
export function integer(
  flag: string,
  raw: string | undefined,
  range?: { min?: number; max?: number },
): number | undefined;
export function integer(
  flag: string,
  raw: string | undefined,
  range: { min?: number; max?: number } = {},
): number | undefined {
  if (raw === undefined) return undefined;
  const value = /^-?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  const { min, max } = range;
  const inRange =
    Number.isSafeInteger(value) && (min === undefined || value >= min) && (max === undefined || value <= max);
  if (inRange) return value;
  const bounds =
    min !== undefined && max !== undefined
      ? ` from ${min} to ${max}`
      : min !== undefined
        ? ` ≥ ${min}`
        : max !== undefined
          ? ` ≤ ${max}`
          : '';
  throw new UsageError(`${flag} must be a whole number${bounds}, not ${raw}`);
}

export function choice<const C extends string>(flag: string, raw: string, choices: readonly C[]): C {
  const found = choices.find((c) => c === raw);
  if (found === undefined) throw new UsageError(`${flag} must be ${choices.join(' or ')}, not ${raw}`);
  return found;
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** `us-east-1,us-west-2` → the regions, in order, without duplicates. */
export function regionList(flag: string, raw: string | undefined): string[] {
  const text = required(flag, raw, `${flag} us-east-1,us-west-2`);
  const regions = [
    ...new Set(
      text
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    ),
  ];
  for (const region of regions)
    if (!REGION.test(region)) throw new UsageError(`${flag}: not a region: ${region}`);
  if (regions.length === 0) throw new UsageError(`${flag} names no region`);
  return regions;
}

/** Repeated `Key=Value` → a map; a key given twice is refused. */
export function keyValues(flag: string, pairs: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    const index = pair.indexOf('=');
    if (index <= 0) throw new UsageError(`${flag} expects Key=Value, got "${pair}"`);
    const key = pair.slice(0, index);
    if (key in out) throw new UsageError(`${flag} ${key} given twice`);
    out[key] = pair.slice(index + 1);
  }
  return out;
}
