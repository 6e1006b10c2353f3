import { fileKindOf, GITLINK, judgeableMode, SYMLINK, type BlobSha, type FileKind, type RepoPath, type SnapshotEntry } from '../model/index.js';
import type { DeltaEntry } from '../git/index-delta.js';

/**
 * A snapshot read as one whose files are known (HEAD's kept judgments) and
 * the paths git says differ from it: the index (`git diff-index --cached`)
 * or a later HEAD (`git diff-tree`), listing no other file.
 */
export interface StagedDelta {
  /** Judgeable files whose blob is not the known snapshot's, with their new entry. */
  readonly changed: ReadonlyMap<RepoPath, SnapshotEntry>;
  /** The baseline file's blob; null when there is none. */
  readonly baseline: BlobSha | null;
}

/**
 * `head.shaOf` lists HEAD's judgeable files, `headBaseline` its baseline
 * blob. Null when the index does not have HEAD's judgeable files (one added,
 * deleted, or turned into a symlink: the module index changes, and the
 * caller lists the index), when a symlink in scope changes (it is judged as
 * the file it leads to, which only a listing finds: session/follow-links.ts),
 * or when the delta contradicts the listing.
 */
export function stagedDelta(
  head: { shaOf(path: RepoPath): BlobSha | undefined },
  headBaseline: BlobSha | null,
  delta: readonly DeltaEntry[],
  included: (path: RepoPath) => boolean,
  /** The config's baseline file. */
  baselineFile: RepoPath,
): StagedDelta | null {
  const changed = new Map<RepoPath, SnapshotEntry>();
  let baseline = headBaseline;
  for (const { path, before: was, after: is } of delta) {
    const judgedBefore = was !== null && judgeableMode(was.mode) && included(path);
    const judgedAfter = is !== null && judgeableMode(is.mode) && included(path);
    if (judgedBefore !== judgedAfter) return null;
    const kept = head.shaOf(path);
    if (judgedBefore ? kept !== was!.sha : kept !== undefined) return null;
    if (judgedAfter && is!.sha !== was!.sha) changed.set(path, { path, sha: is!.sha, mode: is!.mode });
    if ((is?.mode === SYMLINK || was?.mode === SYMLINK) && included(path)) return null;
    // A submodule has no blob: as the index is listed, it is no entry at all.
    if (path === baselineFile) baseline = is && is.mode !== GITLINK ? is.sha : null;
  }
  return { changed, baseline };
}

/** The kinds of file whose staged blobs a check of this delta may parse: known before the judgments are read. */
export function stagedKinds(delta: readonly DeltaEntry[]): Set<FileKind> {
  const kinds = new Set<FileKind>();
  for (const { path, after } of delta) {
    const kind = after && judgeableMode(after.mode) ? fileKindOf(path) : null;
    if (kind) kinds.add(kind);
  }
  return kinds;
}
