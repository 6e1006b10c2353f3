import type { BlobReader, BlobSha, RepoPath, Snapshot, SnapshotEntry } from '../model/index.js';
import { blobSha } from '../facts/blob-sha.js';
import type { SnapshotSource, WorktreeRead } from './snapshot-source.js';

/** Files whose content is held in memory (an editor's unsaved buffers), by path. */
export type Overlay = ReadonlyMap<RepoPath, Buffer>;

/**
 * The working tree as the engine would read it if each overlaid file held
 * its overlay's bytes: the entry's blob sha is the one git would give those
 * bytes, so the fact cache serves a buffer typed back to its saved text.
 * Files the include filter rejects are not added (as on disk, they are not
 * read). Pure over its inputs: the reader answers overlaid blobs from memory.
 */
export function overlaidWorktree(read: WorktreeRead, overlay: Overlay, include?: (path: RepoPath) => boolean): WorktreeRead {
  if (overlay.size === 0) return read;
  let entries = new Map(read.snapshot.entries);
  const bytes = new Map<BlobSha, Buffer>();
  let added = false;
  for (const [path, content] of overlay) {
    if (include && !include(path)) continue;
    const sha = blobSha(content);
    const mode = entries.get(path)?.mode ?? '100644';
    added ||= !entries.has(path);
    const entry: SnapshotEntry = { path, sha, mode };
    entries.set(path, entry);
    bytes.set(sha, content);
  }
  // A buffer not yet on disk: listed in git's order (by path), as every snapshot is.
  if (added) entries = new Map([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    snapshot: { ...read.snapshot, entries },
    // Buffers may differ from anything read before: no change is vouched for.
    changedSince: null,
    reader: {
      read: (sha) => {
        const held = bytes.get(sha);
        return held ? Promise.resolve(held) : read.reader.read(sha);
      },
      candidateFile: (sha) => (bytes.has(sha) ? null : read.reader.candidateFile(sha)),
      close: () => read.reader.close(),
    },
  };
}

/** A source whose working tree is `source`'s with `overlay()` laid over it (read at each check: the overlay may change between them). */
export function overlaySource<S extends SnapshotSource>(source: S, overlay: () => Overlay): S {
  return { ...source, worktree: async (include, since) => overlaidWorktree(await source.worktree(include, since), overlay(), include) };
}
