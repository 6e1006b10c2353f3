import type { BlobReader, BlobSha, RepoPath } from '../model/index.js';

/**
 * Lines of the files verdicts name, for code frames, kept by blob: a
 * long-lived session names mostly the same files check after check (a save
 * changes one), so each blob is read and split once, not on every save (a
 * sixth of a daemon's save -> verdict on a real 10,000-file repository with
 * 800 warnings). It holds what the last verdict named, no more.
 */
export class SourceLines {
  private kept = new Map<BlobSha, readonly string[]>();

  async of(files: Iterable<RepoPath>, shaOf: (path: RepoPath) => BlobSha | undefined, reader: BlobReader): Promise<Map<RepoPath, readonly string[]>> {
    const next = new Map<BlobSha, readonly string[]>();
    const out = new Map<RepoPath, readonly string[]>();
    for (const file of files) {
      const sha = shaOf(file);
      if (!sha) continue;
      let lines = next.get(sha) ?? this.kept.get(sha);
      if (!lines) {
        try {
          lines = (await reader.read(sha)).toString('utf8').split(/\r\n|\r|\n/);
        } catch {
          // A code frame is a nicety; the verdict does not depend on it.
          continue;
        }
      }
      next.set(sha, lines);
      out.set(file, lines);
    }
    this.kept = next;
    return out;
  }
}
