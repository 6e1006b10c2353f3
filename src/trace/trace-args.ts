import { UsageError } from '../cli/exit-codes.js';
import { parseCommandArgs, type CommandSpec } from '../cli/command-args.js';
import { colorWanted } from '../cli/color-choice.js';
import type { CheckArgs } from '../cli/check-args.js';
import { COMMAND_USAGE } from '../cli/usage.js';

export interface TraceArgs {
  /** How the verdict is printed: as `check --all` (mode all, every file). */
  readonly check: CheckArgs;
  readonly command: readonly string[];
}

const TRACE: CommandSpec<{ format: { type: 'string' }; config: { type: 'string' }; 'no-color': { type: 'boolean' } }> = {
  name: 'trace',
  usage: COMMAND_USAGE.trace,
  options: { format: { type: 'string' }, config: { type: 'string' }, 'no-color': { type: 'boolean' } },
  positionals: false,
};

const FORMATS = ['text', 'json', 'sarif'];

/** `trace` options and the command after `--`, or null when `--help` was asked. */
export function parseTraceArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): TraceArgs | null {
  const dash = argv.indexOf('--');
  const parsed = parseCommandArgs(TRACE, dash < 0 ? argv : argv.slice(0, dash));
  if (!parsed) return null;
  const command = dash < 0 ? [] : argv.slice(dash + 1);
  if (!command.length) throw new UsageError('trace needs the command to run after "--" (ssot-guard trace -- pytest)');
  const format = parsed.values.format ?? 'text';
  if (!FORMATS.includes(format)) throw new UsageError(`unknown --format "${format}" (${FORMATS.join(', ')})`);
  return {
    check: { mode: 'all', format, config: parsed.values.config, color: colorWanted(Boolean(parsed.values['no-color']), env), daemon: false, files: null },
    command,
  };
}
