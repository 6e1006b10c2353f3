import { relative } from 'node:path';
import type { CheckResult, RepoPath } from '../model/index.js';
import { loadReporter } from '../report/registry.js';
import type { CheckArgs } from './check-args.js';
import { EXIT } from './exit-codes.js';
import { colorOn } from './color-choice.js';
import type { Output } from './output.js';

/**
 * Prints a verdict in the chosen format and returns the exit code, the same
 * whether the daemon or this process computed it. `root` is the work tree
 * the result's paths are relative to.
 */
export async function printResult(args: CheckArgs, result: CheckResult, sourceLine: (file: RepoPath, line: number) => string | undefined, root: string, out: Output): Promise<number> {
  const reporter = await loadReporter(args.format);
  const color = args.format === 'text' && colorOn(args.color, { isTTY: out.stdoutIsTerminal() });
  const shown = args.files ? onlyFiles(result, new Set(args.files.map((f) => relative(root, f).split('\\').join('/')))) : result;
  const { output, exitCode } = reporter(shown, { color, sourceLine, cwd: process.cwd() });
  out.stdout(output.endsWith('\n') ? output : `${output}\n`);
  // The ratchet: in CI a fixed-but-still-baselined violation, or a suppression that suppresses nothing, fails.
  const unpruned = args.mode === 'all' && shown.baseline.stale.length > 0;
  const unusedSuppressions = args.mode === 'all' && shown.diagnostics.some((d) => d.code === 'unused-suppression');
  if (unpruned && args.format !== 'text') out.stderr('ssot-guard: baselined violations were fixed: run "ssot-guard baseline --prune" and commit the file\n');
  if (unusedSuppressions && args.format !== 'text') out.stderr('ssot-guard: unused suppression comments: remove them\n');
  return unpruned || unusedSuppressions ? Math.max(exitCode, EXIT.violations) : exitCode;
}

/**
 * The verdict on these files alone (lint-staged's list). Rule errors stay:
 * a rule that cannot be judged makes every file's verdict meaningless.
 */
function onlyFiles(result: CheckResult, files: ReadonlySet<string>): CheckResult {
  return {
    ...result,
    violations: result.violations.filter((v) => files.has(v.file)),
    diagnostics: result.diagnostics.filter((d) => files.has(d.file)),
    baseline: { ...result.baseline, stale: result.baseline.stale.filter((e) => files.has(e.file)) },
  };
}
