import type { CheckResult, RepoPath } from '../model/index.js';
import { loadReporter } from '../report/registry.js';
import type { CheckArgs } from './check-args.js';
import { EXIT } from './exit-codes.js';
import { CONFIG_FILE } from '../daemon/paths.js';

/**
 * Prints a verdict in the chosen format and returns the exit code, the same
 * whether the daemon or this process computed it.
 */
export async function printResult(args: CheckArgs, result: CheckResult, sourceLine: (file: RepoPath, line: number) => string | undefined): Promise<number> {
  const reporter = await loadReporter(args.format);
  const color = args.format === 'text' && !args.noColor && Boolean(process.stdout.isTTY);
  const { output, exitCode } = reporter(result, { color, sourceLine, cwd: process.cwd(), configFile: args.config ?? CONFIG_FILE });
  process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  // The ratchet: in CI a fixed-but-still-baselined violation, or a suppression that suppresses nothing, fails.
  const unpruned = args.mode === 'all' && result.baseline.stale.length > 0;
  const unusedSuppressions = args.mode === 'all' && result.diagnostics.some((d) => d.code === 'unused-suppression');
  if (unpruned && args.format !== 'text') process.stderr.write('ssot-guard: baselined violations were fixed: run "ssot-guard baseline --prune" and commit the file\n');
  if (unusedSuppressions && args.format !== 'text') process.stderr.write('ssot-guard: unused suppression comments: remove them\n');
  return unpruned || unusedSuppressions ? Math.max(exitCode, EXIT.violations) : exitCode;
}
