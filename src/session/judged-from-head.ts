import type { BlobSha, RepoPath } from '../model/index.js';
import type { FactKey } from '../model/index.js';
import { preloadExtractors } from '../facts/lazy-extractors.js';
import { requiredFacts } from '../facts/fact-store.js';
import { factKeyOfPath } from '../facts/fact-key.js';
import { judgeSnapshot, type JudgedSnapshot } from '../judgment/judged-snapshot.js';
import type { EarlierJudgments } from '../judgment/judgments.js';
import { keepJudgments } from '../judgment/kept-judgments.js';
import { ResolutionMemo } from '../resolve/resolver.js';
import { judgedOf, type CheckOptions, type Judging, type SessionParts } from './judging.js';
import { stagedDelta, stagedKinds } from './staged-delta.js';

/**
 * How many judgeable files commits may have changed since HEAD's judgments
 * were kept before a staged check from them keeps the new HEAD's instead:
 * below it each check judges those files again, which costs less than
 * writing every file's judgments (0.35 s on 10,000 files).
 */
const REKEEP_AFTER = 100;

/**
 * A check of the index from HEAD's kept judgments: git lists the paths
 * the index changes from HEAD and, when commits have moved HEAD since the
 * judgments were kept, the paths those commits changed; only those are
 * read, and HEAD and the index are each judged from the kept judgments.
 * Null when that cannot be done (no such judgments, unmerged paths, a
 * judgeable file added or removed): the index is then listed.
 */
export async function judgedFromHead(parts: SessionParts, options: CheckOptions): Promise<Judging | null> {
  const { config, facts: factStore, judgments, included } = parts;
  const source = parts.source.deltas;
  if (!source) return null;
  const tree = await source.headTree();
  if (!tree) return null;
  // git lists the change while the judgments are read: asked of a tree they may turn out not to be of, it is wasted then, not wrong.
  const listed = source.indexDelta(tree);
  // The parsers the change needs load while the judgments are still being read.
  void listed.then((delta) => delta && preloadExtractors(stagedKinds(delta)), () => {});
  const [earlier, delta] = await Promise.all([judgments.load('staged'), listed]);
  const origin = earlier?.head;
  const kept = earlier?.evaluation();
  if (!earlier || !origin || !kept || !delta) return null;
  // HEAD is the kept tree and what commits since changed (nothing, while HEAD has not moved). A kept
  // tree git no longer has (history rewritten, then pruned) is no error: the index is listed.
  const moved = origin.tree === tree ? [] : await source.treeDelta(origin.tree, tree).catch(() => null);
  const sinceKept = moved && stagedDelta(earlier, origin.baseline, moved, included, config.baselineFile);
  if (!sinceKept) return null;
  const headShaOf = (path: RepoPath): BlobSha | undefined => sinceKept.changed.get(path)?.sha ?? earlier.shaOf(path);
  const read = stagedDelta({ shaOf: headShaOf }, sinceKept.baseline, delta, included, config.baselineFile);
  if (!read) return null;
  const shaOf = (path: RepoPath): BlobSha | undefined => read.changed.get(path)?.sha ?? headShaOf(path);
  const reader = parts.source.onDiskFirst(read.changed.values());
  // Each changed file's blobs on both sides of the change it is judged across.
  const needed = new Set<FactKey>();
  for (const [path, e] of sinceKept.changed) for (const sha of [e.sha, earlier.shaOf(path)]) if (sha) needed.add(factKeyOfPath(path, sha));
  for (const [path, e] of read.changed) for (const sha of [e.sha, headShaOf(path)]) if (sha) needed.add(factKeyOfPath(path, sha));
  const parsed = await factStore.ensure(needed, [reader], options.onProgress, 'on-read');
  // Only the changed files' facts were made sure of: any other is read from the cache, and one missing there is not "no imports".
  const facts = requiredFacts(factStore);
  const judgedAs = (from: EarlierJudgments, shaOfFile: (path: RepoPath) => BlobSha | undefined, changed: Iterable<RepoPath>): JudgedSnapshot =>
    judgeSnapshot({ config, files: earlier.files, shaOf: shaOfFile, facts, memo: new ResolutionMemo() }, from, changed);
  // HEAD judged from the kept judgments, then the index from HEAD's (kept-judgments.ts lays the one over the other), as a daemon does.
  const head = sinceKept.changed.size ? judgedAs(earlier, headShaOf, sinceKept.changed.keys()) : null;
  const now = judgedAs(head ? keepJudgments(config, head, earlier) : earlier, shaOf, read.changed.keys());
  return {
    judged: judgedOf(config, now),
    head: { changed: read.changed, evaluation: () => (head ? head.evaluation() : kept) },
    shaOf,
    files: earlier.files.length,
    baseline: read.baseline,
    links: [],
    unmerged: [],
    reader,
    parsed,
    // The kept judgments stay while commits since have changed few files: judging those again costs a check less than writing 10,000 files' judgments (0.35 s).
    keep: async () => {
      if (head && sinceKept.changed.size > REKEEP_AFTER) await judgments.save(head, { tree, baseline: sinceKept.baseline });
    },
  };
}
