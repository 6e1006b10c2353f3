import { resolve } from 'node:path';
import { UsageError } from './exit-codes.js';
import { REPORTER_NAMES, isReporterName } from '../report/registry.js';
import type { CheckMode } from '../session/judging.js';
import { parseCommandArgs, type CommandSpec } from './command-args.js';
import { COMMAND_USAGE } from './usage.js';
import { colorWanted } from './color-choice.js';

export interface CheckArgs {
  readonly mode: CheckMode;
  readonly format: string;
  readonly config: string | undefined;
  /** Colour wanted when the output is a terminal (none with --no-color or NO_COLOR; FORCE_COLOR forces it anywhere). */
  readonly color: 'auto' | 'always' | 'never';
  /** Off with --no-daemon or SSOT_GUARD_NO_DAEMON=1: judge in-process and start none. */
  readonly daemon: boolean;
  /**
   * Absolute paths of the files to report on (lint-staged passes the staged
   * files it matched); null: every file. The verdict is still the whole
   * snapshot's: a file's violation can come from another file's change.
   */
  readonly files: readonly string[] | null;
}

const CHECK: CommandSpec<{
  staged: { type: 'boolean' }; all: { type: 'boolean' }; worktree: { type: 'boolean' }; auto: { type: 'boolean' };
  format: { type: 'string' }; config: { type: 'string' }; 'no-color': { type: 'boolean' };
  daemon: { type: 'boolean' }; 'no-daemon': { type: 'boolean' };
}> = {
  name: 'check',
  usage: COMMAND_USAGE.check,
  options: {
    staged: { type: 'boolean' },
    all: { type: 'boolean' },
    worktree: { type: 'boolean' },
    auto: { type: 'boolean' },
    format: { type: 'string' },
    config: { type: 'string' },
    'no-color': { type: 'boolean' },
    // On by default for --staged; --no-daemon judges in-process and starts none.
    daemon: { type: 'boolean' },
    'no-daemon': { type: 'boolean' },
  },
  positionals: true,
};

/** `check` options, or null when `--help` was asked (and printed); bad ones are a UsageError (exit 2) naming the fix. */
export function parseCheckArgs(argv: string[], env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): CheckArgs | null {
  const parsed = parseCommandArgs(CHECK, argv);
  if (!parsed) return null;
  const { values, positionals } = parsed;
  const modes = (['staged', 'all', 'worktree', 'auto'] as const).filter((m) => values[m]);
  if (modes.length > 1) throw new UsageError(`choose one of --staged, --all, --worktree, --auto (got ${modes.map((m) => `--${m}`).join(' ')})`);
  // --auto: git sets GIT_INDEX_FILE for the hooks a commit runs (pre-commit, pre-merge-commit): then the
  // commit is judged; run by hand or in CI (`pre-commit run --all-files`), everything is.
  const mode = modes[0] === 'auto' ? (env['GIT_INDEX_FILE'] ? 'staged' : 'all') : (modes[0] ?? 'staged');
  const format = values.format ?? 'text';
  if (!isReporterName(format)) throw new UsageError(`unknown --format "${format}" (${REPORTER_NAMES.join(', ')})`);
  return {
    mode,
    format,
    config: values.config,
    color: colorWanted(Boolean(values['no-color']), env),
    daemon: !values['no-daemon'] && env['SSOT_GUARD_NO_DAEMON'] !== '1',
    files: positionals.length ? positionals.map((p) => resolve(cwd, p)) : null,
  };
}
