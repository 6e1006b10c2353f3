import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { GLOB_OPTIONS } from '../rules/scope.js';
import type { GitRepo } from '../git/repo.js';
import { asRepoPath, type CheckResult, type Config, type RepoPath, type SnapshotKind } from '../model/index.js';
import type { FactStore } from '../facts/fact-store.js';
import { gitSnapshotSource } from '../session/open-session.js';
import { readStagedSnapshot } from '../git/ls-files.js';
import { Session } from '../session/session.js';
import { judgedFiles } from '../session/judged-files.js';
import { coalesce } from './coalesce.js';
import { singleFlight } from './single-flight.js';
import { daemonFactStore } from './fact-persistence.js';
import { daemonJudgments } from './daemon-judgments.js';
import { judgeInWorker } from './judge-in-worker.js';
import { readGitStateKey } from './git-state.js';
import type { Log } from './log.js';
import { configsBelowFromIndex } from '../config/config-files.js';
import { LiveWorktree } from './live-worktree.js';
import { WarmIndex } from './warm-index.js';
import type { CheckAnswer } from './protocol.js';
import type { CachedVerdict } from './verdict-validity.js';
import { watchRepo, type FileChange, type RepoWatcher } from './watcher.js';

/** Bursts of git events become one re-evaluation: 50 ms of quiet, or 500 ms at most. */
const COALESCE = { quietMs: 50, maxWaitMs: 500 } as const;
/**
 * A save is judged almost at once: a few ms let a save that truncates then
 * writes (most editors, `cp`) finish, so the verdict is not computed, at
 * real cost, for an empty file first (an event during the wait restarts it
 * as a trailing fire). What follows within the quiet is coalesced.
 */
const SAVES = { quietMs: 20, maxWaitMs: 500, leading: true, leadingDelayMs: 3 } as const;

/** How long a file that just read empty is held back for the write that usually follows. */
const EMPTIED_WAIT_MS = 50;

/**
 * The configs an index holds, asked with every verdict, a save's among them:
 * the index file read as it is (no git process), and the worktree's own
 * read again only when it is another file (git replaces it by rename: a new
 * inode) or was rewritten in place. A temporary index (`git commit -a`) is
 * read each time.
 */
function indexConfigs(repo: GitRepo): (indexFile: string | null) => Promise<string[]> {
  const own = join(repo.gitDir, 'index');
  let kept: { stamp: string; configs: Promise<string[]> } | null = null;
  return async (indexFile) => {
    if (indexFile) return configsBelowFromIndex(repo, repo.root, indexFile);
    const st = await stat(own, { bigint: true }).catch(() => null);
    const stamp = st ? `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}` : 'none';
    if (kept?.stamp !== stamp) {
      const configs = configsBelowFromIndex(repo, repo.root, own);
      kept = { stamp, configs };
      // A failed read is not kept: the next verdict asks again.
      configs.catch(() => {
        if (kept?.configs === configs) kept = null;
      });
    }
    return kept.configs;
  };
}

/** Below this, a cold build's heap is small enough to leave in the daemon, and a worker's start is not worth it. */
const PRIME_MIN_FILES = 2000;

export interface LiveVerdict {
  readonly result: CheckResult;
  /**
   * From the first file or git event this verdict answers to the verdict
   * (coalescing wait and git's index.lock included); null for the first verdicts.
   */
  readonly latencyMs: number | null;
}

export interface LiveIndexOptions {
  /** Progress and failures; the daemon's log file, or a watch's debug stream. */
  readonly log: Log;
  /** A recomputed verdict. Not de-duplicated: an unchanged verdict may come again. */
  readonly onVerdict: (verdict: LiveVerdict) => void;
  /** Whether saves recompute the working-tree verdict (the daemon: only while someone subscribes). */
  readonly wantsWorktree: () => boolean;
  /** The config file changed on disk: this index judges with old rules. */
  readonly onConfigChange: () => void;
  /** A staged verdict computed afresh, with the git state it was computed under (WarmIndexDeps). */
  readonly onStagedVerdict: (verdict: CachedVerdict<CheckAnswer>) => void;
  /** While true (the daemon is stopping), events are dropped. */
  readonly paused?: () => boolean;
  /** A failure worth showing to the user; defaults to the log. */
  readonly onError?: (message: string) => void;
  /** From this many files in the index, a warm-up with no judgments on disk judges in a worker thread (judge-in-worker.ts). */
  readonly primeMinFiles?: number;
}

export interface LiveIndex {
  readonly warm: WarmIndex;
  readonly facts: FactStore;
  /** Resolves once the watchers finished their initial scan: from then on no save is missed. */
  readonly watching: Promise<void>;
  /** Starts watching and computing; resolves once watching and the first verdicts are out. */
  start(): Promise<void>;
  /** Stops watching, waits for the check in flight, closes git, writes the fact cache. */
  close(): Promise<void>;
}

/**
 * The warm index kept current by the file watcher: what the daemon serves and
 * what `watch` runs in-process when no daemon does. Git events recompute the
 * staged verdict (once git settles, never while it holds index.lock); saved
 * files are parsed at once, and the working-tree verdict recomputed when wanted.
 */
export function createLiveIndex(repo: GitRepo, config: Config, options: LiveIndexOptions): LiveIndex {
  const { log, onVerdict, wantsWorktree } = options;
  const fail = options.onError ?? log;
  const source = gitSnapshotSource(repo);
  // Built here rather than through openSession: the warm index pre-parses into the session's own fact store.
  const { facts, flush } = daemonFactStore(repo, log);
  // Saves are laid over git's view of the working tree: judging one needs no git process.
  const worktree = new LiveWorktree((include) => source.worktree(include, null));
  // One store for every session of this index: the next check starts from the latest judgments, whichever judged them.
  const primeMinFiles = options.primeMinFiles ?? PRIME_MIN_FILES;
  const judgments = daemonJudgments(repo, config, log, async () => {
    if ((await source.staged()).entries.size < primeMinFiles) return;
    log('no judgments on disk: judging the index in a worker thread');
    await judgeInWorker({ root: repo.root, config });
  });
  // Its verdicts are printed by clients as text (the hook, watch) or as JSON: the lines of code frames, no more.
  const session = new Session(config, { ...source, worktree: (include, since) => worktree.snapshot(include, since) }, facts, judgments, 'violations');
  const warm = new WarmIndex({
    root: repo.root,
    session,
    facts,
    source,
    gitState: () => readGitStateKey(repo.gitDir, repo.commonDir),
    sessionForIndex: (indexFile) => new Session(config, { ...source, staged: () => readStagedSnapshot(repo, indexFile) }, facts, judgments, 'violations'),
    configsIn: indexConfigs(repo),
    onStagedVerdict: options.onStagedVerdict,
    onSaved: (path, entry, content) => worktree.saved(path, entry, content),
  });
  let watcher: RepoWatcher | null = null;
  let closed = false;
  let markWatching!: () => void;
  const watching = new Promise<void>((resolve) => (markWatching = resolve));

  /** When the first event not yet answered by a verdict arrived, per kind of verdict. */
  const pendingSince = { staged: null as number | null, worktree: null as number | null };
  /** Snapshots a verdict was emitted for: a first verdict that lost the race to a newer one is dropped. */
  const emitted = new Set<SnapshotKind>();
  const emit = (result: CheckResult, since: number | null): void => {
    if (closed) return;
    emitted.add(result.snapshot);
    onVerdict({ result, latencyMs: since === null ? null : Math.round(performance.now() - since) });
  };

  // Each kind of recomputation runs one at a time; what arrives meanwhile is judged in one run after it.
  const staged = singleFlight(async () => {
    if (closed) return;
    const since = pendingSince.staged;
    pendingSince.staged = null;
    await warm
      .precompute()
      .then((result) => result && emit(result, since))
      .catch((err: Error) => fail(`precompute failed: ${err.message}`));
  });
  const precompute = coalesce(staged.run, COALESCE);
  const saved = new Set<RepoPath>();
  /** Files read empty once and held back for a moment (see below); judged empty if they still are. */
  const waitedOnEmpty = new Set<RepoPath>();
  /** Set when the working tree changed in a way saves alone do not describe (the baseline file). */
  let worktreeMoved = false;
  const worktreeRun = singleFlight(async () => {
    if (closed) return;
    const since = pendingSince.worktree;
    pendingSince.worktree = null;
    const batch = [...saved];
    saved.clear();
    const moved = worktreeMoved;
    worktreeMoved = false;
    await warm
      .preparse(batch)
      .then(async ({ changed, emptied }) => {
        // A file that just became empty is most likely a save that truncated and has not written yet
        // (fs.writeFile, many editors): judged empty, every importer of it would be judged again, twice.
        // It is read again on its next event, or after a short wait if none comes; empty then, it is judged so.
        const fresh = emptied.filter((p) => !waitedOnEmpty.has(p));
        for (const p of batch) if (!emptied.includes(p)) waitedOnEmpty.delete(p);
        if (fresh.length) {
          for (const p of fresh) (waitedOnEmpty.add(p), saved.add(p));
          // What this batch changed is judged with the next one.
          worktreeMoved ||= changed || moved;
          pendingSince.worktree ??= since;
          setTimeout(() => preparse.poke(), EMPTIED_WAIT_MS).unref();
          return;
        }
        if (!closed && (changed || moved) && wantsWorktree()) emit(await warm.worktreeVerdict(), since);
      })
      .catch((err: Error) => fail(`pre-parse failed: ${err.message}`));
  });
  const preparse = coalesce(worktreeRun.run, SAVES);
  // A recheck (watcher.ts) is no edit of its own: it starts no latency, and is read after a quiet of its
  // own: counted as a save, it would end the quiet spell the next real save needs to be answered at once.
  const recheck = coalesce(worktreeRun.run, { quietMs: SAVES.quietMs, maxWaitMs: SAVES.maxWaitMs });

  // Read after the quiet too: a config saved twice in quick succession is judged as last written.
  const configChanged = coalesce(() => {
    if (!closed) options.onConfigChange();
  }, COALESCE);

  const included = judgedFiles(config);
  const onChange = (change: FileChange): void => {
    if (closed || options.paused?.()) return;
    if (change.kind === 'git') {
      // The working tree's base (which files differ from the index) moves with the index.
      worktree.invalidate();
      pendingSince.staged ??= performance.now();
      if (change.file === 'index.lock') precompute.hold(change.exists);
      precompute.poke();
      return;
    }
    if (change.path === config.file) {
      configChanged.poke();
      return;
    }
    const rechecking = change.type === 'recheck';
    if (!rechecking) pendingSince.worktree ??= performance.now();
    if (waitedOnEmpty.has(change.path)) {
      // The write a file read empty was held back for: read at once, not after a quiet spell.
      saved.add(change.path);
      preparse.cancel();
      worktreeRun.run();
      return;
    }
    if (included(change.path)) {
      // Still to be read by the run already asked for: another event of the same save (a save is several
      // writes, each a raw event) would only turn that quick leading run into a trailing one.
      if (saved.has(change.path)) return;
      saved.add(change.path);
    } else {
      // The baseline file: git's view of the working tree is read again.
      worktree.invalidate();
      worktreeMoved = true;
    }
    (rechecking ? recheck : preparse).poke();
  };

  const start = async (): Promise<void> => {
    if (existsSync(join(repo.gitDir, 'index.lock'))) precompute.hold(true);
    const exclude = config.exclude.length ? picomatch([...config.exclude], GLOB_OPTIONS) : () => false;
    watcher = watchRepo(
      { root: repo.root, gitDir: repo.gitDir, commonDir: repo.commonDir, included, alsoWatch: new Set([asRepoPath(config.file), config.baselineFile]) },
      exclude,
      onChange,
      (err) => fail(`watcher: ${err.message}`),
    );
    void watcher.ready.then(() => {
      log('watching');
      markWatching();
    });
    // Parsed while the watcher scans, judged again once it watches: no change after a first verdict goes unseen.
    const first = judgments.prepare().then(() => warm.precompute()).then(async (initial) => {
      log(`warm: ${warm.stats.filesIndexed} files indexed, ${facts.size} parsed blobs cached`);
      await watching;
      // Null unless git moved while the watcher scanned.
      const staged = (await warm.precompute()) ?? initial;
      const worktree = wantsWorktree() ? await warm.worktreeVerdict() : null;
      for (const result of [staged, worktree]) if (result && !emitted.has(result.snapshot)) emit(result, null);
    });
    await Promise.all([watching, first.catch((err: Error) => fail(`warm-up failed: ${err.message}`))]);
  };

  const close = async (): Promise<void> => {
    closed = true;
    for (const c of [precompute, preparse, recheck, configChanged]) c.cancel();
    await watcher?.close();
    // A check in flight would reopen git's blob reader after we close it.
    await Promise.all([staged.idle, worktreeRun.idle]);
    await warm.settled();
    worktree.close();
    source.close();
    await facts.persist();
    await flush();
    facts.close();
  };

  return { warm, facts, watching, start, close };
}
