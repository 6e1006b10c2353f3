import { createHash } from 'node:crypto';
import { asBlobSha, type BlobSha } from '../model/index.js';

/** What `git hash-object` prints: sha1 over `blob <len>\0` and the bytes. */
export function blobSha(bytes: Uint8Array): BlobSha {
  return asBlobSha(createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex'));
}
