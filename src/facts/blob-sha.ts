import { createHash } from 'node:crypto';
import { asBlobSha, type BlobSha } from '../model/index.js';

/**
 * What `git hash-object --no-filters` prints: sha1 over `blob <len>\0` and the
 * bytes. Equal bytes on disk, in the index and in HEAD get one sha, so one
 * cache entry serves all three. (A sha256 repository names blobs
 * differently; its worktree shas will then never match the index, which
 * costs cache hits, not correctness.)
 */
export function blobSha(bytes: Uint8Array): BlobSha {
  return asBlobSha(createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex'));
}

/** Plain hex sha1 of some bytes: checksums and identities (config file, cache body), not blob names. */
export function sha1Hex(bytes: Uint8Array | string): string {
  return createHash('sha1').update(bytes).digest('hex');
}
