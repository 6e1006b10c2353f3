import type { CheckResult, RepoPath, Violation } from '../model/index.js';

/** What watch mode shows: both verdicts and when they were computed. */
export interface WatchState {
  readonly worktree: CheckResult | null;
  readonly staged: CheckResult | null;
  /** Time from the file event to the updated verdict. */
  readonly latencyMs: number | null;
  readonly updatedAt: Date | null;
  readonly error: string | null;
  /** Where the verdicts come from: `daemon pid 123`, `in-process`; null before either answered. */
  readonly source?: string | null;
}

export interface RenderOptions {
  readonly color: boolean;
}

const paint = (on: boolean, code: string, s: string): string => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

/**
 * The live screen, per file: the working tree verdict and the staged verdict
 * side by side, then one summary line. Pure, so the redraw logic is testable.
 */
export function renderWatchScreen(state: WatchState, options: RenderOptions): string {
  const { color } = options;
  const lines: string[] = [];
  const byFile = new Map<RepoPath, { worktree: Violation[]; staged: Violation[] }>();
  const slot = (f: RepoPath) => byFile.get(f) ?? (byFile.set(f, { worktree: [], staged: [] }), byFile.get(f)!);
  for (const v of state.worktree?.violations ?? []) slot(v.file).worktree.push(v);
  for (const v of state.staged?.violations ?? []) slot(v.file).staged.push(v);
  const files = [...byFile.keys()].sort();
  for (const f of files) {
    const { worktree, staged } = byFile.get(f)!;
    const tag = (vs: Violation[], label: string): string =>
      vs.length ? paint(color, '31', `${label} ✖ ${vs.length}`) : paint(color, '32', `${label} ✔`);
    lines.push(`${paint(color, '1', f)}  ${tag(worktree, 'worktree')}  ${tag(staged, 'staged')}`);
    for (const v of worktree.length ? worktree : staged) {
      lines.push(`  ${v.line}:${v.column}  ${v.rule}  ${legacySymbol(v) ?? ''}  ${paint(color, '2', v.unit)}`);
    }
  }
  // A rule that cannot be judged makes "clean" a lie: shown above everything, on both sides.
  const broken = [...new Map([...(state.worktree?.ruleErrors ?? []), ...(state.staged?.ruleErrors ?? [])].map((e) => [`${e.path}\0${e.message}`, e])).values()];
  for (const e of broken) lines.unshift(paint(color, '31', `rule error  ${e.path}: ${e.message}`));
  if (!files.length && !broken.length) lines.push(paint(color, '32', 'no violations in the working tree or the index'));
  if (state.error) lines.push(paint(color, '33', `error: ${state.error}`));
  lines.push(summaryLine(state, color));
  return `${lines.join('\n')}\n`;
}

export function summaryLine(state: WatchState, color: boolean): string {
  const files = state.worktree?.stats.files ?? state.staged?.stats.files ?? 0;
  const wt = state.worktree?.violations.length ?? 0;
  const st = state.staged?.violations.length ?? 0;
  const latency = state.latencyMs === null ? '' : `, updated in ${state.latencyMs} ms`;
  const at = state.updatedAt ? ` at ${state.updatedAt.toTimeString().slice(0, 8)}` : '';
  const broken = (state.worktree?.ruleErrors.length ?? 0) + (state.staged?.ruleErrors.length ?? 0);
  const verdict = broken
    ? paint(color, '31', 'rules cannot be judged (rule errors above)')
    : wt || st ? paint(color, '31', `${wt} in working tree, ${st} staged`) : paint(color, '32', 'clean');
  const source = state.source ? ` · ${state.source}` : '';
  return `${paint(color, '2', '──')} ${files} files indexed · ${verdict}${latency}${at}${source}`;
}

/** The legacy symbol a violation is about (the one to replace), if it names one. */
export function legacySymbol(v: Violation): string | null {
  return v.evidence.find((e) => e.side === 'legacy')?.symbol ?? null;
}
