import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT, UsageError } from './exit-codes.js';
import { didYouMean, nearestNames } from '../text/nearest-names.js';

type Options = NonNullable<ParseArgsConfig['options']>;

type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: boolean; strict: true }>>;

/** One command's arguments: what it accepts and the help it prints for `--help`. */
export interface CommandSpec<O extends Options> {
  readonly name: string;
  readonly usage: string;
  readonly options: O;
  /** Whether it takes positional arguments (file names, a subcommand). */
  readonly positionals: boolean;
}

/**
 * node:util's parseArgs, with what users of other CLIs expect on top:
 * `--help`/`-h` prints the command's own usage (null is returned: exit 0),
 * and an unknown option names the nearest one the command has.
 */
export function parseCommandArgs<O extends Options>(spec: CommandSpec<O>, argv: readonly string[]): Parsed<O> | null {
  if (argv.some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(`${spec.usage}\n`);
    return null;
  }
  // No argument is no value where no option has a default. node:util loads parseArgs on its first
  // call, half a millisecond of the hook's start, and git runs the hook with no argument.
  if (argv.length === 0 && Object.values(spec.options).every((o) => o.default === undefined)) return { values: {}, positionals: [] } as unknown as Parsed<O>;
  try {
    return parseArgs({ args: [...argv], options: spec.options, allowPositionals: spec.positionals, strict: true });
  } catch (err) {
    throw new UsageError(explained(spec, err as NodeJS.ErrnoException), EXIT.usage, spec.usage);
  }
}

/** parseArgs's message, with the option meant when it was a typo. */
function explained(spec: CommandSpec<Options>, err: NodeJS.ErrnoException): string {
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const given = /'(-[^']*)'/.exec(err.message)?.[1] ?? '';
    const known = Object.keys(spec.options).map((o) => `--${o}`);
    return `unknown option ${given} for "ssot-guard ${spec.name}"${didYouMean(nearestNames(given.split('=')[0]!, known))}`;
  }
  if (err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `"ssot-guard ${spec.name}" takes no argument: ${err.message.replace(/^Unexpected argument /, '')}`;
  return err.message;
}
