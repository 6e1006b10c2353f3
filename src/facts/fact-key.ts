import { fileKindOf, type BlobSha, type FactKey, type FileKind } from '../model/index.js';

/** Python facts keep the bare sha as key, so caches written before scripts were known stay valid. */
export function factKeyOf(sha: BlobSha, kind: FileKind): FactKey {
  return (kind === 'python' ? sha : `${sha}:${kind}`) as FactKey;
}

export function splitFactKey(key: FactKey): { sha: BlobSha; kind: FileKind } {
  const colon = key.indexOf(':');
  if (colon < 0) return { sha: key as string as BlobSha, kind: 'python' };
  return { sha: key.slice(0, colon) as BlobSha, kind: key.slice(colon + 1) as FileKind };
}

/**
 * The key of a file's facts, by its name. A file of no known kind that the
 * config includes anyway (a Python script without `.py`) is read as Python,
 * as it was before other languages were known.
 */
export function factKeyOfPath(path: string, sha: BlobSha): FactKey {
  return factKeyOf(sha, fileKindOf(path) ?? 'python');
}
