import { parseArgs } from 'node:util';
import { EXIT, UsageError } from './exit-codes.js';
import { REPORTER_NAMES, isReporterName } from '../report/registry.js';
import type { CheckMode } from '../session/session.js';

export interface CheckArgs {
  readonly mode: CheckMode;
  readonly format: string;
  readonly config: string | undefined;
  readonly noColor: boolean;
  /** Off with --no-daemon or SSOT_GUARD_NO_DAEMON=1: judge in-process and start none. */
  readonly daemon: boolean;
}

/** `check` options; bad ones are a UsageError (exit 2) naming the fix. */
export function parseCheckArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CheckArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        staged: { type: 'boolean' },
        all: { type: 'boolean' },
        worktree: { type: 'boolean' },
        format: { type: 'string' },
        config: { type: 'string' },
        'no-color': { type: 'boolean' },
        // On by default for --staged; --no-daemon judges in-process and starts none.
        daemon: { type: 'boolean' },
        'no-daemon': { type: 'boolean' },
      },
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message, EXIT.usage, true);
  }
  const modes = (['staged', 'all', 'worktree'] as const).filter((m) => values[m]);
  if (modes.length > 1) throw new UsageError(`choose one of --staged, --all, --worktree (got ${modes.map((m) => `--${m}`).join(' ')})`);
  const format = values.format ?? 'text';
  if (!isReporterName(format)) throw new UsageError(`unknown --format "${format}" (${REPORTER_NAMES.join(', ')})`);
  return {
    mode: modes[0] ?? 'staged',
    format,
    config: values.config,
    noColor: Boolean(values['no-color']) || Boolean(env['NO_COLOR']),
    daemon: !values['no-daemon'] && env['SSOT_GUARD_NO_DAEMON'] !== '1',
  };
}
