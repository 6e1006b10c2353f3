import { existsSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import type { GitRepo } from '../git/repo.js';
import type { Config, RepoPath } from '../model/index.js';
import { packageRoot } from '../config/package-root.js';
import { gitSnapshotSource } from '../session/open-session.js';
import { Session } from '../session/session.js';
import { globFilter } from '../rules/scope.js';
import { BASELINE_FILE } from '../baseline/baseline-model.js';
import { coalesce } from './coalesce.js';
import { readGitStateKey } from './git-state.js';
import { requestHandler } from './handle-request.js';
import { daemonFactStore } from './fact-persistence.js';
import { diskDriftProbe } from './identity.js';
import { startLifecycle } from './lifecycle.js';
import type { Log } from './log.js';
import { CONFIG_FILE, type DaemonPaths } from './paths.js';
import { listenSocket, type Handler } from './server.js';
import type { DaemonIdentity } from './staleness.js';
import { writeState } from './state-file.js';
import { VerdictFeed } from './verdict-feed.js';
import { WarmIndex } from './warm-index.js';
import { watchRepo, type FileChange, type RepoWatcher } from './watcher.js';

/** Bursts of events become one re-evaluation: 50 ms of quiet, or 500 ms at most. */
const COALESCE = { quietMs: 50, maxWaitMs: 500 } as const;

/**
 * Listens, writes the state file, and returns; warming up and watching start
 * with `warmUp()`, once the caller released the start lock.
 */
export async function serve(repo: GitRepo, paths: DaemonPaths, config: Config, identity: DaemonIdentity, log: Log): Promise<{ warmUp(): void }> {
  const startedAt = Date.now();
  const source = gitSnapshotSource(repo);
  // Built here rather than through openSession: the warm index pre-parses into the session's own fact store.
  const { facts, flush } = daemonFactStore(repo, log);
  const session = new Session(config, source, facts);
  const warm = new WarmIndex({ root: repo.root, session, facts, source, gitState: () => readGitStateKey(repo.gitDir, repo.commonDir) });
  const drift = diskDriftProbe(paths.config, [join(repo.root, 'package-lock.json'), join(packageRoot(), 'package-lock.json')]);
  const feed = new VerdictFeed();
  let watcher: RepoWatcher | null = null;

  // The handler needs the lifecycle, the lifecycle needs the server: late-bound through this slot.
  let handle: Handler = async () => {
    throw new Error('not ready');
  };
  const server = await listenSocket(paths.socket, (request, peer) => handle(request, peer), log);
  const lifecycle = startLifecycle({
    paths,
    server,
    log,
    busy: () => feed.size > 0,
    onStopping: (reason) => feed.closing(reason),
    onStop: async () => {
      await watcher?.close();
      source.close();
      await facts.persist();
      await flush();
    },
  });
  handle = requestHandler({ root: repo.root, startedAt, identity, drift, warm, facts, feed, lifecycle, log });
  writeState(paths.state, { pid: process.pid, socket: paths.socket, version: identity.toolVersion, configHash: identity.configHash, startedAt: new Date(startedAt).toISOString() });
  log(`listening on ${paths.socket} for ${repo.root} (ssot-guard ${identity.toolVersion}, config ${identity.configHash.slice(0, 12)})`);

  // The staged verdict: recomputed once git settles, never while it holds index.lock.
  const precompute = coalesce(() => {
    void warm
      .precompute()
      .then((result) => result && feed.offer(result))
      .catch((err: Error) => log(`precompute failed: ${err.message}`));
  }, COALESCE);
  // Saved files: parsed at once; the working-tree verdict recomputed only for watchers.
  const saved = new Set<RepoPath>();
  const preparse = coalesce(() => {
    const batch = [...saved];
    saved.clear();
    void warm
      .preparse(batch)
      .then(async () => {
        if (feed.size) feed.offer((await warm.check('worktree', false)).answer.result);
      })
      .catch((err: Error) => log(`pre-parse failed: ${err.message}`));
  }, COALESCE);

  const included = globFilter(config.include, config.exclude);
  const onChange = (change: FileChange): void => {
    if (lifecycle.stopping) return;
    if (change.kind === 'git') {
      if (change.file === 'index.lock') precompute.hold(change.exists);
      precompute.poke();
      return;
    }
    if (change.path === CONFIG_FILE) {
      // Requests learn of it through the config hash; a watch-mode subscriber would otherwise never hear.
      if (feed.size && drift().configHashOnDisk !== identity.configHash) void lifecycle.shutdown('stale: the config file changed');
      return;
    }
    if (change.type === 'unlink') warm.forget(change.path);
    else if (included(change.path)) saved.add(change.path);
    preparse.poke();
  };

  return {
    warmUp: () => {
      if (existsSync(join(repo.gitDir, 'index.lock'))) precompute.hold(true);
      const exclude = config.exclude.length ? picomatch([...config.exclude], { dot: true }) : () => false;
      watcher = watchRepo(
        { root: repo.root, gitDir: repo.gitDir, commonDir: repo.commonDir, included, alsoWatch: new Set([CONFIG_FILE, BASELINE_FILE]) },
        exclude,
        onChange,
        (err) => log(`watcher: ${err.message}`),
      );
      void watcher.ready.then(() => log('watching'));
      void warm
        .precompute()
        .then((result) => {
          if (result) feed.offer(result);
          log(`warm: ${warm.stats.filesIndexed} files indexed, ${facts.map.size} facts in memory`);
        })
        .catch((err: Error) => log(`warm-up failed: ${err.message}`));
    },
  };
}
