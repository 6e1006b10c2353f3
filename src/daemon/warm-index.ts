import type { BlobSha, CheckResult, FactKey, RepoPath, SnapshotEntry } from '../model/index.js';
import type { FactStore } from '../facts/fact-store.js';
import { factKeyOfPath } from '../facts/fact-key.js';
import { readWorktreeFile } from '../git/worktree.js';
import type { Session } from '../session/session.js';
import type { SessionCheck } from '../session/judging.js';
import type { SnapshotSource } from '../session/snapshot-source.js';
import type { CheckAnswer, CheckModeParam } from './protocol.js';
import { sourceExcerpt } from './source-excerpt.js';
import { cachedVerdictValid, type CachedVerdict, type GitStateKey } from './verdict-validity.js';

export interface WarmIndexDeps {
  readonly root: string;
  readonly session: Session;
  /** The session's own store, shared: pre-parsed facts are the ones its checks find. */
  readonly facts: FactStore;
  readonly source: SnapshotSource;
  /** A few small reads (git-state.ts), synchronous. */
  readonly gitState: () => GitStateKey;
  /** A session judging another index file (git commit -a's index.lock), sharing this one's facts. */
  readonly sessionForIndex: (indexFile: string) => Session;
  /** The config files an index holds (null: the worktree's own index), relative to the root. */
  readonly configsIn: (indexFile: string | null) => Promise<string[]>;
  /** A staged verdict computed afresh, with the git state read before it (the daemon publishes it for the hook). */
  readonly onStagedVerdict: (verdict: CachedVerdict<CheckAnswer>) => void;
  /** A saved file as read from disk (null: gone), for the live working tree. */
  readonly onSaved?: (path: RepoPath, entry: SnapshotEntry | null, content: Buffer | null) => void;
}

export interface WarmStats {
  checks: number;
  /** Staged verdicts computed ahead of any request, after git moved the index or HEAD. */
  precomputes: number;
  verdictHits: number;
  cacheHits: number;
  lastCheckMs: number | null;
  filesIndexed: number;
}

/** Modes whose verdict depends only on the index (and HEAD): these can be answered from memory. */
type CachedMode = 'staged' | 'all';

/** Facts beyond this multiple of the indexed files are mostly old versions of saved files: prune them. */
const PRUNE_FACTOR = 2;
const PRUNE_SLACK = 256;

/**
 * The daemon's engine: one Session whose facts stay in memory, a precomputed
 * verdict per index-only mode, and pre-parsing of saved files. Every session
 * call is serialised: the session and its fact cache are not re-entrant.
 */
export class WarmIndex {
  readonly stats: WarmStats = { checks: 0, precomputes: 0, verdictHits: 0, cacheHits: 0, lastCheckMs: null, filesIndexed: 0 };
  private chain: Promise<unknown> = Promise.resolve();
  private readonly cached = new Map<CachedMode, CachedVerdict<CheckAnswer>>();
  /** Latest pre-parsed blob of each saved file (null: gone): part of the live set when pruning. */
  private readonly worktreeShas = new Map<RepoPath, BlobSha | null>();

  constructor(private readonly deps: WarmIndexDeps) {}

  /**
   * A verdict: from the precomputed one when git's inputs are unchanged, else
   * computed now. Only client requests count in the stats, not watch-mode pushes.
   */
  async check(mode: CheckModeParam, request = true, indexFile?: string): Promise<{ answer: CheckAnswer; fromCache: boolean }> {
    const started = performance.now();
    const outcome =
      mode === 'worktree'
        ? { answer: await this.exclusive(() => this.compute('worktree')), fromCache: false }
        : indexFile
          ? // Another index (git commit -a): judged now, never cached, with the same warm facts.
            { answer: await this.exclusive(() => this.compute(mode, this.deps.sessionForIndex(indexFile), indexFile)), fromCache: false }
          : await this.indexVerdict(mode);
    const ms = Math.round(performance.now() - started);
    if (request) {
      this.stats.checks++;
      this.stats.lastCheckMs = ms;
      if (outcome.fromCache) this.stats.verdictHits++;
    }
    // The time this check cost the caller, not the precompute's.
    const result: CheckResult = { ...outcome.answer.result, stats: { ...outcome.answer.result.stats, ms, daemon: true } };
    return { answer: { ...outcome.answer, result }, fromCache: outcome.fromCache };
  }

  /**
   * After git moved the index or HEAD: compute the staged verdict now, so the
   * hook finds it ready. Returns the new verdict when it was recomputed.
   */
  async precompute(): Promise<CheckResult | null> {
    const { answer, fromCache } = await this.indexVerdict('staged');
    if (fromCache) return null;
    this.stats.precomputes++;
    await this.pruneIfBloated();
    return answer.result;
  }

  /**
   * Parse saved files at once (read, hash as git would, cache facts by sha):
   * `git add` then finds them warm, and the working tree verdict needs no git
   * process. Returns whether any file differs from when it was last read (a
   * re-read after chokidar's quiet window usually finds nothing new), and
   * the files that read empty now and did not before.
   */
  async preparse(paths: readonly RepoPath[]): Promise<{ changed: boolean; emptied: RepoPath[] }> {
    return this.exclusive(async () => {
      const bytes = new Map<BlobSha, Buffer>();
      const keys: FactKey[] = [];
      const emptied: RepoPath[] = [];
      let changed = false;
      for (const path of paths) {
        const read = await readSaved(this.deps.root, path);
        // Never read before (undefined) counts as a change: the first save since the daemon started may be one.
        const before = this.worktreeShas.has(path) ? (this.worktreeShas.get(path) ?? null) : undefined;
        const after = read?.entry.sha ?? null;
        if (before !== after) changed = true;
        if (read?.content.length === 0 && before !== after) emptied.push(path);
        if (read) {
          bytes.set(read.entry.sha, read.content);
          keys.push(factKeyOfPath(path, read.entry.sha));
        }
        this.worktreeShas.set(path, after);
        this.deps.onSaved?.(path, read?.entry ?? null, read?.content ?? null);
      }
      if (bytes.size) {
        const reader = {
          read: async (sha: BlobSha) => bytes.get(sha) ?? Promise.reject(new Error(`blob ${sha} not read`)),
          candidateFile: () => null,
          close: () => bytes.clear(),
        };
        await this.deps.facts.ensure(keys, [reader]);
      }
      return { changed, emptied };
    });
  }

  /** Resolves once every session call queued so far has finished (before closing what they use). */
  settled(): Promise<void> {
    return this.chain.then(() => {});
  }

  private async indexVerdict(mode: CachedMode): Promise<{ answer: CheckAnswer; fromCache: boolean }> {
    const hit = this.cached.get(mode) ?? null;
    if (cachedVerdictValid(hit, this.deps.gitState())) return { answer: hit!.value, fromCache: true };
    return this.exclusive(async () => {
      // Read the key before git is asked: the verdict is then at least as new as its key, never older.
      const key = this.deps.gitState();
      const again = this.cached.get(mode) ?? null;
      if (cachedVerdictValid(again, key)) return { answer: again!.value, fromCache: true };
      const answer = await this.compute(mode);
      const verdict = { key, value: answer };
      this.cached.set(mode, verdict);
      if (mode === 'staged') this.deps.onStagedVerdict(verdict);
      return { answer, fromCache: false };
    });
  }

  /**
   * The working tree's verdict for a watch-mode push: the result alone. A
   * push carries no source excerpt and no list of the index's configs, so
   * neither is made on every save.
   */
  async worktreeVerdict(): Promise<CheckResult> {
    return (await this.exclusive(() => this.judge('worktree', this.deps.session))).result;
  }

  private async compute(mode: CheckModeParam, session: Session = this.deps.session, indexFile: string | null = null): Promise<CheckAnswer> {
    // Listed with the verdict, from the same index: the answer's validity (the index's identity) covers both.
    const [{ result, sourceLine }, configs] = await Promise.all([this.judge(mode, session), this.deps.configsIn(indexFile)]);
    return { result, sources: sourceExcerpt(result, sourceLine, session.frames), configs };
  }

  private async judge(mode: CheckModeParam, session: Session): Promise<SessionCheck> {
    const check = await session.check(mode, { daemon: true });
    this.stats.cacheHits += check.result.stats.cacheHits;
    if (mode !== 'worktree') this.stats.filesIndexed = check.result.stats.files;
    return check;
  }

  /** Drop facts of blobs no snapshot holds any more (old versions of saved files). */
  private async pruneIfBloated(): Promise<void> {
    const { facts, source } = this.deps;
    if (facts.size <= PRUNE_FACTOR * this.stats.filesIndexed + PRUNE_SLACK) return;
    await this.exclusive(async () => {
      const [staged, head] = await Promise.all([source.staged(), source.head()]);
      const live = new Set<FactKey>();
      const keep = (path: RepoPath, sha: BlobSha | null | undefined): void => {
        if (sha) live.add(factKeyOfPath(path, sha));
      };
      for (const [path, sha] of this.worktreeShas) keep(path, sha);
      for (const [path, e] of staged.entries) keep(path, e.sha);
      for (const [path, e] of head.entries) keep(path, e.sha);
      facts.retainOnly(live);
    });
  }

  private exclusive<T>(job: () => Promise<T>): Promise<T> {
    const run = this.chain.then(job, job);
    this.chain = run.catch(() => {});
    return run;
  }
}

/** Pure: would a watcher see a different verdict? Stats (timings, cache hits) do not count. */
export function sameVerdict(a: CheckResult | null, b: CheckResult | null): boolean {
  if (!a || !b) return a === b;
  return verdictKey(a) === verdictKey(b);
}

/** What a watcher sees of a verdict, as a string: equal for verdicts sameVerdict takes for the same. */
export function verdictKey(r: CheckResult): string {
  return JSON.stringify([r.snapshot, r.ruleErrors, r.violations, r.diagnostics, r.baseline]);
}

/** A saved file as git would record it, or null when it is gone or unreadable (the event is older than the file). */
async function readSaved(root: string, path: RepoPath): Promise<{ entry: SnapshotEntry; content: Buffer } | null> {
  try {
    return await readWorktreeFile(root, path);
  } catch {
    return null;
  }
}
