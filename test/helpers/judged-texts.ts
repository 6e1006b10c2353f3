import { asRepoPath, type BlobSha, type Config, type FactKey, type FileFacts, type RepoPath } from '../../src/model/index.js';
import { extractFactsSafely } from '../../src/facts/extract-safely.js';
import { factKeyOfPath } from '../../src/facts/fact-key.js';
import { blobSha } from '../../src/facts/blob-sha.js';
import { ResolutionMemo } from '../../src/resolve/resolver.js';
import { judgeSnapshot, type JudgedSnapshot } from '../../src/judgment/judged-snapshot.js';
import type { EarlierJudgments } from '../../src/judgment/judgments.js';

/** A snapshot of these files' texts, judged from `earlier` (or from nothing), with its own facts and memo. */
export function judgedTexts(config: Config, texts: Record<string, string>, earlier: EarlierJudgments | null = null): JudgedSnapshot {
  const facts = new Map<FactKey, FileFacts>();
  const shas = new Map<RepoPath, BlobSha>();
  for (const [path, text] of Object.entries(texts)) {
    const sha = blobSha(Buffer.from(text));
    shas.set(asRepoPath(path), sha);
    facts.set(factKeyOfPath(path, sha), extractFactsSafely(Buffer.from(text)));
  }
  return judgeSnapshot({ config, files: [...shas.keys()], shaOf: (p) => shas.get(p), facts, memo: new ResolutionMemo() }, earlier);
}
