import type { BlobReader, BlobSha, CheckResult, CheckStats, Diagnostic, RepoPath, Violation } from '../model/index.js';
import { applyBaseline } from '../baseline/apply-baseline.js';
import { EMPTY_BASELINE, type Baseline } from '../baseline/baseline-model.js';
import { parseBaseline } from '../baseline/baseline-file.js';
import { markAgainst } from './compare-with-head.js';
import type { CheckMode, Judged, Judging, SessionCheck, SessionParts } from './judging.js';

/** The verdict on a judged snapshot. */
export async function verdictOf(parts: SessionParts, mode: CheckMode, judging: Judging, statsOf: (files: number, parsed: number) => CheckStats): Promise<SessionCheck> {
  const { judged, head, reader } = judging;
  const changed = head?.changed ?? null;
  const evaluation = judged.evaluation();
  const ruleErrors = judged.ruleErrors();
  let diagnostics = evaluation.diagnostics;
  // The baseline of the snapshot being judged: a fix and its prune land in the same commit.
  const baseline = applyBaseline(evaluation.violations, await baselineAt(judging.baseline, reader, parts.config.baselineFile));
  let violations = baseline.fresh;
  if (head) {
    violations = markAgainst(violations, head.evaluation().violations).filter((v) => v.status === 'new');
    diagnostics = diagnostics.filter((d) => head.changed.has(d.file));
  }
  diagnostics = [...diagnostics, ...fileDiagnostics(changed, judged, violations, judging.links, judging.unmerged)];
  await judging.keep();

  // Judgments are kept, not facts: the next check decodes those of the few files it judges again.
  parts.facts.releaseDecoded();
  const sources = await parts.sourceLines.of({ violations, diagnostics }, judging.shaOf, reader);
  if (mode === 'worktree') reader.close();
  await parts.facts.persist();
  const result: CheckResult = {
    snapshot: mode === 'worktree' ? 'worktree' : 'staged',
    ruleErrors,
    violations,
    diagnostics,
    baseline: {
      known: baseline.known.length,
      stale: baseline.stale.map(({ fingerprint, rule, file, unit, count }) => ({ fingerprint, rule, file, unit, count })),
    },
    stats: statsOf(judging.files, judging.parsed),
  };
  return { result, sourceLine: (file, line) => sources.get(file)?.get(line) };
}

async function baselineAt(sha: BlobSha | null, reader: BlobReader, file: string): Promise<Baseline> {
  return sha ? parseBaseline((await reader.read(sha)).toString('utf8'), file) : EMPTY_BASELINE;
}

/** Problems of the files `changed` names, or, when null (no reference), of every file; then links that lead nowhere and unmerged paths. */
function fileDiagnostics(
  changed: ReadonlyMap<RepoPath, unknown> | null,
  judged: Judged,
  violations: readonly Violation[],
  links: readonly Diagnostic[],
  unmerged: readonly RepoPath[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (path: RepoPath): void => {
    const problems = judged.problemsOf(path);
    if (problems.length) out.push(...problems);
  };
  const flagged = judged.flagged();
  if (changed) {
    for (const path of changed.keys()) report(path);
    for (const file of new Set(violations.map((v) => v.file))) if (!changed.has(file)) report(file);
    // A file nobody could read may pass on a name the commit's files import from it: unchanged or not, it blocks.
    for (const path of flagged.unjudged) if (!changed.has(path)) report(path);
  } else {
    // Every file's problems: only the flagged ones have any, and asking the others would make each judgment an object.
    for (const path of flagged.problems) report(path);
  }
  // Whether the commit changes them or not: the code they stand for was never judged.
  out.push(...links);
  for (const path of unmerged) {
    out.push({ file: path, line: 1, column: 1, code: 'unmerged', message: 'unmerged in the index (merge conflict): judged as "ours" (stage 2) until resolved' });
  }
  return out;
}
