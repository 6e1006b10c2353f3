import { parseArgs } from 'node:util';
import { EXIT, UsageError } from './exit-codes.js';
import type { CheckMode } from '../session/session.js';
import type { CheckResult, RepoPath } from '../model/index.js';
import type { ClientRepo } from '../client/find-repo.js';
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

  const report = (result: CheckResult, sourceLine: (file: RepoPath, line: number) => string | undefined): number => {
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
  };

  // The hook's fast path: ask the warm daemon before loading the parser, the session or the schema.
  let launchFor: ClientRepo | null = null;
  const daemonAllowed = !values['no-daemon'] && process.env['SSOT_GUARD_NO_DAEMON'] !== '1';
  if (mode === 'staged' && daemonAllowed && !values.config) {
    const [{ askDaemon }, { sourceLineOf }, { packageVersion }] = await Promise.all([
      import('../client/ask-daemon.js'),
      import('../daemon/protocol.js'),
      import('./package-version.js'),
    ]);
    const asked = await askDaemon({ cwd: process.cwd(), mode, toolVersion: packageVersion() }).catch((err: Error) => ({ answer: null, repo: null, reason: err.message }));
    if (asked.answer) return report(asked.answer.result, sourceLineOf(asked.answer.sources));
    if (process.env['SSOT_GUARD_DEBUG']) process.stderr.write(`ssot-guard: no daemon verdict (${asked.reason}); judging in-process\n`);
    launchFor = asked.repo;
  }

  const [{ openRepo }, { loadRepoConfig }, { openSession }] = await Promise.all([
    import('../git/repo.js'),
    import('./load-repo-config.js'),
    import('../session/open-session.js'),
  ]);
  const repo = await openRepo(process.cwd()).catch((err: Error) => {
    throw new UsageError(err.message);
  });
  const config = await loadRepoConfig(repo, values.config);
  const { session, close } = openSession(repo, config);
  let code: number;
  try {
    const progress = progressLine(process.stderr);
    const { result, sourceLine } = await session.check(mode, { onProgress: progress.update });
    progress.done();
    code = report(result, sourceLine);
  } finally {
    close();
  }
  // Judged in-process, so the next commit need not be: start a daemon (it exits at once if one runs).
  if (launchFor) {
    const { launchDaemon } = await import('../client/launch-daemon.js');
    try {
      launchDaemon(launchFor);
    } catch (err) {
      if (process.env['SSOT_GUARD_DEBUG']) process.stderr.write(`ssot-guard: could not start the daemon: ${(err as Error).message}\n`);
    }
  }
  return code;
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
        // On by default for --staged; --no-daemon judges in-process and starts none.
        daemon: { type: 'boolean' },
        'no-daemon': { type: 'boolean' },
      },
      allowPositionals: false,
    });
  } catch (err) {
    throw new UsageError((err as Error).message, EXIT.usage, true);
  }
}
