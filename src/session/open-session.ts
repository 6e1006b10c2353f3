import { join } from 'node:path';
import type { BlobReader, Config, Frames, TreeId } from '../model/index.js';
import { readHeadTree, type GitRepo } from '../git/repo.js';
import { readStagedSnapshot } from '../git/ls-files.js';
import { readHeadSnapshot } from '../git/ls-tree.js';
import { readIndexDelta, readTreeDelta, type DeltaEntry } from '../git/index-delta.js';
import { onDiskFirst } from '../git/worktree-blobs.js';
import { openBlobReader } from '../git/cat-file.js';
import { readWorktreeSnapshot } from '../git/worktree.js';
import { diskFactPersistence } from '../facts/cache-persistence.js';
import { readOwned } from '../fs/owned-file.js';
import { FactStore } from '../facts/fact-store.js';
import { FACTS_VERSION } from '../facts/facts-version.js';
import { Session } from './session.js';
import type { SnapshotSource } from './snapshot-source.js';
import { keptJudgmentStore, type JudgmentStore } from './kept-judgment-store.js';
import { judgmentKey, loadJudgments, writeJudgments } from '../judgment/judgment-file.js';
import { packageVersion } from '../config/package-version.js';
import { sha1Hex } from '../facts/blob-sha.js';

/** Where ssot-guard keeps its state: under the common dir, so all worktrees of a repo share one fact cache. */
export function stateDir(repo: GitRepo): string {
  return join(repo.commonDir, 'ssot-guard');
}

/** The git-backed snapshot source; one cat-file process, opened on first use. */
export function gitSnapshotSource(repo: GitRepo): SnapshotSource & { close(): void } {
  let blobs: BlobReader | null = null;
  return {
    staged: () => readStagedSnapshot(repo),
    head: () => readHeadSnapshot(repo),
    // Read afresh each time: nothing is known of how it differs from an earlier read.
    worktree: async (include) => ({ ...(await readWorktreeSnapshot(repo, { include, indexBlobs: (blobs ??= openBlobReader(repo)) })), changedSince: null }),
    blobs: () => (blobs ??= openBlobReader(repo)),
    onDiskFirst: (entries) => onDiskFirst(repo.root, entries, (blobs ??= openBlobReader(repo))),
    // A daemon keeps its own judgments of every kind and lists what changed as it watches (daemon/live-index.ts).
    deltas: null,
    close: () => {
      blobs?.close();
      blobs = null;
    },
  };
}

/**
 * The fact cache of a repository (its index; data files beside it), shared
 * by the one-shot CLI and the daemons of all its worktrees.
 */
export function factCacheFile(repo: GitRepo): string {
  return join(stateDir(repo), 'facts.idx');
}

export function persistedFactStore(repo: GitRepo): FactStore {
  // A save appends only the blobs this check parsed, so even one is worth keeping.
  // A one-shot process: facts are not kept long enough to be worth compacting.
  return new FactStore(diskFactPersistence(factCacheFile(repo), FACTS_VERSION), { compact: false });
}

/**
 * The file judgments the last one-shot check left (judgment/): the next
 * one resolves only files a commit can affect instead of the whole snapshot.
 */
export function persistedJudgments(repo: GitRepo, config: Config, read?: Promise<Buffer | null>): JudgmentStore {
  const { file, key } = judgmentsFile(repo, config);
  return keptJudgmentStore(config, {
    // HEAD's judgments, whatever the kind of snapshot (the index and the working tree are a few files away): read once.
    load: () => loadJudgments(file, key, config, read),
    // Like the fact cache: a write that fails costs the next check time, never its verdict.
    write: async (body) => void (await writeJudgments(file, key, body)),
  }, 'check');
}

/** Where a repository's HEAD judgments are written, and the key they are valid under. */
export function judgmentsFile(repo: GitRepo, config: Config): { file: string; key: string } {
  return { file: judgmentsPath(repo, config.base), key: judgmentKey(config, FACTS_VERSION, packageVersion()) };
}

/** One file per config (a monorepo's packages each keep their own), named by the config's directory. */
const judgmentsPath = (repo: GitRepo, base: string): string => join(stateDir(repo), base ? `judgments-${sha1Hex(Buffer.from(base)).slice(0, 16)}.bin` : 'judgments.bin');

/**
 * A process's own source: a check of the index may start from HEAD's
 * judgments on disk. The tree openRepo read serves the first check (made at
 * once, it need not spawn git again), and so does the delta from that tree
 * asked before the session was open (readEarly); any later one asks git.
 */
export function fromHeadSource(repo: GitRepo, asked: Promise<DeltaEntry[] | null> | null = null): SnapshotSource & { close(): void } {
  let atOpen: TreeId | null | undefined = repo.headTree;
  let early = asked;
  const git = gitSnapshotSource(repo);
  return {
    ...git,
    deltas: {
      headTree: async () => {
        const tree = atOpen;
        atOpen = undefined;
        return tree === undefined ? readHeadTree(repo.root) : tree;
      },
      indexDelta: (tree) => {
        const delta = early && tree === repo.headTree ? early : readIndexDelta(repo, tree);
        early = null;
        return delta;
      },
      treeDelta: (from, to) => readTreeDelta(repo, from, to),
    },
  };
}

/**
 * What a one-shot check asks of git and the disk as soon as it knows the
 * repository: they work while the config is read and the session opened.
 * The delta is asked for a check of the index only, and of a repository with a commit.
 */
export interface EarlyReads {
  /** How the index differs from the tree openRepo read. */
  readonly delta: Promise<DeltaEntry[] | null> | null;
  /** The judgments file's bytes (checked and decoded once the config gives their key). */
  readonly judgments: Promise<Buffer | null>;
}

/** `base`: the directory of the config the check will judge. */
export function readEarly(repo: GitRepo, staged: boolean, base: string): EarlyReads {
  const delta = staged && repo.headTree ? readIndexDelta(repo, repo.headTree) : null;
  // The check may fail (a bad config) before it awaits this: that is not an unhandled rejection.
  delta?.catch(() => {});
  return { delta, judgments: readOwned(judgmentsPath(repo, base)) };
}

/** `frames`: the source lines the verdicts carry, by what will print them (framesOf in report/registry.ts). */
export function openSession(repo: GitRepo, config: Config, early: EarlyReads | null, frames: Frames): { session: Session; close(): void } {
  const source = fromHeadSource(repo, early?.delta ?? null);
  const session = new Session(config, source, persistedFactStore(repo), persistedJudgments(repo, config, early?.judgments), frames);
  return { session, close: () => source.close() };
}
