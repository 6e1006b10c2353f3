import { join } from 'node:path';
import { blobSha } from '../facts/blob-sha.js';
import { readRegularFile } from '../fs/regular-file.js';
import type { BlobReader, BlobSha, SnapshotEntry } from '../model/index.js';

/**
 * The file in the working tree under which these entries list a blob, by
 * sha. Made on first use: a check of the whole index names all its entries
 * and, with its facts cached, asks about none.
 */
export function filesBySha(root: string, entries: Iterable<SnapshotEntry>): (sha: BlobSha) => string | undefined {
  let files: Map<BlobSha, string> | null = null;
  return (sha) => {
    if (!files) {
      files = new Map();
      for (const e of entries) files.set(e.sha, join(root, e.path));
    }
    return files.get(sha);
  };
}

/**
 * Index blobs read from the working tree where the file there holds the
 * very bytes (its blob sha is the one asked for), else from `fallback`: a
 * commit's changed files usually match their working copy, and reading them
 * starts no git process. Content-addressed, so never the wrong bytes: a
 * file edited since `git add`, or one a clean filter rewrites, is read from git.
 */
export function onDiskFirst(root: string, entries: Iterable<SnapshotEntry>, fallback: BlobReader): BlobReader {
  const fileOf = filesBySha(root, entries);
  return {
    async read(sha) {
      const file = fileOf(sha);
      if (file !== undefined) {
        // Read at once: a commit's few changed files, each one open, stat and read (a FIFO is not waited on).
        const bytes = readRegularFile(file);
        if (bytes && blobSha(bytes) === sha) return bytes;
      }
      return fallback.read(sha);
    },
    candidateFile: (sha) => fileOf(sha) ?? fallback.candidateFile(sha),
    close: () => fallback.close(),
  };
}
