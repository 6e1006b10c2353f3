import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { RepoPath } from '../model/index.js';

/** What was last published and judged, to tell which files a new verdict must be published for. */
export interface PublishState {
  /** Each file's diagnostics in the last verdict, as comparable text (files with none absent). */
  readonly judged: ReadonlyMap<RepoPath, string>;
  /** Files whose last published diagnostics were not empty. */
  readonly shown: ReadonlySet<RepoPath>;
}

export const EMPTY_PUBLISH_STATE: PublishState = { judged: new Map(), shown: new Set() };

/**
 * The files to publish a verdict for: every open document; every file whose
 * diagnostics are shown (to clear or update them); and, after an earlier
 * verdict, every file whose verdict flipped since (an importer of the file
 * being edited). Not every file of a first verdict: an editor lists what is
 * open, not a repository's backlog. Pure.
 */
export function publishPlan(
  before: PublishState,
  now: ReadonlyMap<RepoPath, readonly LspDiagnostic[]>,
  open: Iterable<RepoPath>,
  first: boolean,
): { targets: RepoPath[]; state: PublishState } {
  const judged = new Map<RepoPath, string>();
  for (const [path, list] of now) judged.set(path, JSON.stringify(list));
  const targets = new Set<RepoPath>([...open, ...before.shown]);
  if (!first) {
    for (const [path, key] of judged) if (before.judged.get(path) !== key) targets.add(path);
    for (const path of before.judged.keys()) if (!judged.has(path)) targets.add(path);
  }
  const shown = new Set<RepoPath>();
  for (const path of targets) if (now.get(path)?.length) shown.add(path);
  return { targets: [...targets], state: { judged, shown } };
}
