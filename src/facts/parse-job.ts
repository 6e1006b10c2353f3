import { isUnjudged, type FactKey, type FileFacts } from '../model/index.js';
import { blobSha } from './blob-sha.js';
import { readRegularFile } from '../fs/regular-file.js';
import { encodeRecord, type EncodedRecord } from './fact-cache-format.js';
import { splitFactKey } from './fact-key.js';
import { extractWith, type Extractors } from './guarded-extract.js';

/**
 * One blob to parse: its bytes in hand, or a file on disk that holds them
 * if its blob sha is the key's (BlobReader.candidateFile). A cold index is
 * mostly the second kind: the parse workers read and hash the files
 * themselves, so no byte of them passes through git or the main thread.
 */
export type ParseJob = { readonly key: FactKey; readonly bytes: Buffer } | { readonly key: FactKey; readonly file: string };

/** A blob's facts and the fact cache's record of them, made where it was parsed (a worker, off the main thread). */
export interface ParsedBlob {
  readonly facts: FileFacts;
  readonly record: EncodedRecord;
}

/** The job's facts and record, or null (the caller reads the blob from git) when its file does not hold the blob. */
export function parseJob(extractors: Extractors, job: ParseJob): ParsedBlob | null {
  const bytes = jobBytes(job);
  if (bytes === null) return null;
  const facts = extractWith(extractors, bytes, splitFactKey(job.key).kind);
  return { facts, record: encodeRecord(job.key, facts, facts.warnings.some(isUnjudged)) };
}

/**
 * The job's bytes, or null when its file is gone, unreadable, not a regular
 * file or holds other bytes (edited since `git add`, rewritten by a clean
 * filter): content-addressed, so a file read here is exactly the blob.
 */
function jobBytes(job: ParseJob): Uint8Array | null {
  if ('bytes' in job) return job.bytes;
  const bytes = readRegularFile(job.file);
  return bytes && blobSha(bytes) === splitFactKey(job.key).sha ? bytes : null;
}
