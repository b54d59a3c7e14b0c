/**
 * What every CLI of the ledger (scripts/, bench/run.ts) shares: one strict argument parser
 * (`node:util` parseArgs), `--help` that prints and never acts, one-line usage errors with exit
 * code 2, and progress lines on stderr.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

/** Exit code of a usage error (unknown option, missing value, bad value). */
export const USAGE_EXIT = 2;

export class UsageError extends Error {}

export interface CommandSpec<O extends ParseArgsOptionsConfig> {
  /** As typed: `npm run <name>`. */
  name: string;
  /** The whole `--help` text: what the command does, what it changes, its options. */
  help: string;
  options: O;
  /** Whether the command takes positional arguments (file names, projection names). */
  positionals?: boolean;
}

export type Parsed<O extends ParseArgsOptionsConfig> = {
  values: { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string };
  positionals: string[];
};

/** True when `--help` / `-h` comes before a `--` terminator: then nothing else is looked at. */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** parseArgs, strict; its errors become a one-line UsageError. */
export function parseCommandLine<O extends ParseArgsOptionsConfig>(
  spec: CommandSpec<O>,
  argv: readonly string[],
): Parsed<O> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: spec.options,
      strict: true,
      allowPositionals: spec.positionals ?? false,
    });
    return { values: values as Parsed<O>['values'], positionals };
  } catch (error) {
    throw new UsageError(usageMessage(error));
  }
}

function usageMessage(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const message = String(e.message ?? error);
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? message}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']*)'/.exec(message)?.[1] ?? message}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing|ambiguous/.test(message)
        ? `${option ?? 'an option'} needs a value`
        : `${option ?? 'an option'} takes no value`;
    default:
      return message.split('\n')[0]!;
  }
}

/**
 * Runs a command: `--help` prints the help and exits 0 without acting; a UsageError prints one
 * line (`name: message (see --help)`) and exits 2; `main`'s number is the exit code.
 */
export function runCommand<O extends ParseArgsOptionsConfig>(
  spec: CommandSpec<O>,
  main: (args: Parsed<O>) => Promise<number | void> | number | void,
  argv: readonly string[] = process.argv.slice(2),
): void {
  if (wantsHelp(argv)) {
    process.stdout.write(spec.help.trimEnd() + '\n');
    process.exitCode = 0;
    return;
  }
  let args: Parsed<O>;
  try {
    args = parseCommandLine(spec, argv);
  } catch (error) {
    usageExit(spec, error);
    return;
  }
  Promise.resolve()
    .then(() => main(args))
    .then(
      (code) => {
        if (code !== undefined) process.exitCode = code;
      },
      (error: unknown) => {
        if (error instanceof UsageError) return usageExit(spec, error);
        process.stderr.write(`${spec.name}: ${error instanceof Error ? error.message : error}\n`);
        process.exitCode = 1;
      },
    );
}

function usageExit(spec: { name: string }, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${spec.name}: ${message} (npm run ${spec.name} -- --help)\n`);
  process.exitCode = USAGE_EXIT;
}

export interface Progress {
  /** Adds `n` done units; prints a line when a second has passed since the last one. */
  add(n?: number): void;
  /** Sets the done count (for callers that count themselves). */
  set(done: number): void;
  /** Prints the last line (only if a progress line was printed before: short work stays quiet). */
  done(): void;
}

/**
 * Progress lines on stderr (stdout stays the command's result), at most one per `everyMs`:
 * `label: 120,000 events, 15,300 events/s, 8 s`.
 */
export function progress(
  label: string,
  unit = 'events',
  options: { everyMs?: number; write?: (line: string) => void } = {},
): Progress {
  const everyMs = options.everyMs ?? 1000;
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const started = Date.now();
  let last = started;
  let count = 0;
  let printed = false;
  const line = (now: number) => {
    const seconds = (now - started) / 1000;
    const rate = Math.round(count / Math.max(seconds, 1e-3));
    write(
      `${label}: ${count.toLocaleString('en-US')} ${unit}, ${rate.toLocaleString('en-US')} ${unit}/s, ${Math.round(seconds)} s`,
    );
    printed = true;
  };
  const maybe = () => {
    const now = Date.now();
    if (now - last >= everyMs) {
      last = now;
      line(now);
    }
  };
  return {
    add(n = 1) {
      count += n;
      maybe();
    },
    set(done) {
      count = done;
      maybe();
    },
    done() {
      if (printed) line(Date.now());
    },
  };
}
