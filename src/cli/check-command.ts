import { parseArgs } from 'node:util';
import { EXIT, UsageError } from './exit-codes.js';
import { openRepo } from '../git/repo.js';
import { loadRepoConfig } from './load-repo-config.js';
import { openSession } from '../session/open-session.js';
import type { CheckMode } from '../session/session.js';
import { getReporter } from '../report/registry.js';
import { progressLine } from './progress-line.js';

export async function runCheck(argv: string[]): Promise<number> {
  const { values } = parseArgsOrUsage(argv);
  const modes = (['staged', 'all', 'worktree'] as const).filter((m) => values[m]);
  if (modes.length > 1) throw new UsageError(`choose one of --staged, --all, --worktree (got ${modes.map((m) => `--${m}`).join(' ')})`);
  const mode: CheckMode = modes[0] ?? 'staged';
  const format = values.format ?? 'text';
  const reporter = getReporter(format);
  if (!reporter) throw new UsageError(`unknown --format "${format}" (text, json, sarif, github)`);

  const repo = await openRepo(process.cwd()).catch((err: Error) => {
    throw new UsageError(err.message);
  });
  const config = await loadRepoConfig(repo, values.config);
  const { session, close } = openSession(repo, config);
  try {
    const progress = progressLine(process.stderr);
    const { result, sourceLine } = await session.check(mode, { onProgress: progress.update });
    progress.done();
    const color = format === 'text' && !values['no-color'] && !process.env['NO_COLOR'] && Boolean(process.stdout.isTTY);
    const { output, exitCode } = reporter(result, { color, sourceLine, cwd: process.cwd() });
    process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
    // The ratchet: in CI a fixed-but-still-baselined violation fails until the baseline is pruned.
    // The ratchet: in CI a fixed-but-still-baselined violation, or a suppression that suppresses nothing, fails.
    const unpruned = mode === 'all' && result.baseline.stale.length > 0;
    const unusedSuppressions = mode === 'all' && result.diagnostics.some((d) => d.code === 'unused-suppression');
    if (unpruned && format !== 'text') process.stderr.write('ssot-guard: baselined violations were fixed: run "ssot-guard baseline --prune" and commit the file\n');
    if (unusedSuppressions && format !== 'text') process.stderr.write('ssot-guard: unused suppression comments: remove them\n');
    return unpruned || unusedSuppressions ? Math.max(exitCode, EXIT.violations) : exitCode;
  } finally {
    close();
  }
}

function parseArgsOrUsage(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        staged: { type: 'boolean' },
        all: { type: 'boolean' },
        worktree: { type: 'boolean' },
        format: { type: 'string' },
        config: { type: 'string' },
        'no-color': { type: 'boolean' },
      },
      allowPositionals: false,
    });
  } catch (err) {
    throw new UsageError((err as Error).message, EXIT.usage, true);
  }
}
