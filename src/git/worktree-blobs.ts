import { join } from 'node:path';
import { blobSha } from '../facts/blob-sha.js';
import { readRegularFile } from '../fs/regular-file.js';
import type { BlobReader, BlobSha, SnapshotEntry } from '../model/index.js';

/**
 * Index blobs read from the working tree where the file there holds the
 * very bytes (its blob sha is the one asked for), else from `fallback`: a
 * commit's changed files usually match their working copy, and reading them
 * starts no git process. Content-addressed, so never the wrong bytes: a
 * file edited since `git add`, or one a clean filter rewrites, is read from git.
 */
export function onDiskFirst(root: string, entries: Iterable<SnapshotEntry>, fallback: BlobReader): BlobReader {
  const pathOf = new Map<BlobSha, string>();
  for (const e of entries) pathOf.set(e.sha, e.path);
  return {
    async read(sha) {
      const path = pathOf.get(sha);
      if (path !== undefined) {
        // Read at once: a commit's few changed files, each one open, stat and read (a FIFO is not waited on).
        const bytes = readRegularFile(join(root, path));
        if (bytes && blobSha(bytes) === sha) return bytes;
      }
      return fallback.read(sha);
    },
    candidateFile(sha) {
      const path = pathOf.get(sha);
      return path === undefined ? fallback.candidateFile(sha) : join(root, path);
    },
    close: () => fallback.close(),
  };
}
