import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { GitRepo } from '../git/repo.js';
import type { Config } from '../model/index.js';
import { packageRoot } from '../config/package-root.js';
import { HOLD_CHECKS_ENV, requestHandler } from './handle-request.js';
import type { CheckAnswer } from './protocol.js';
import { verdictPublisher } from './published-verdict.js';
import type { CachedVerdict } from './verdict-validity.js';
import { diskDriftProbe } from './identity.js';
import { startLifecycle } from './lifecycle.js';
import { createLiveIndex } from './live-index.js';
import type { Log } from './log.js';
import type { DaemonPaths } from './paths.js';
import { listenSocket, type Handler } from './server.js';
import type { DaemonIdentity } from './staleness.js';
import { writeState } from './state-file.js';
import { proofOf } from './protocol.js';
import { VerdictFeed } from './verdict-feed.js';
import { memoryCollector } from './memory-gc.js';

/** Quiet long enough that a collection delays no one; growth: the real corpus's daemon holds about 65 MB of live heap, and 20 saves left 30 MB of garbage on it. */
const MEMORY_GC = { quietMs: 2000, growthBytes: 24 * 1024 * 1024 } as const;

/**
 * Listens, writes the state file, and returns; warming up and watching start
 * with `warmUp()`, once the caller released the start lock. `configBytes`:
 * the config file as `config` was parsed from, which published verdicts carry.
 */
export async function serve(repo: GitRepo, paths: DaemonPaths, config: Config, configBytes: Buffer, identity: DaemonIdentity, log: Log): Promise<{ warmUp(): void }> {
  const startedAt = Date.now();
  const drift = diskDriftProbe(paths.config, [join(repo.root, 'package-lock.json'), join(packageRoot(), 'package-lock.json')]);
  const feed = new VerdictFeed();
  const collectGarbage = memoryCollector(MEMORY_GC);
  const live = createLiveIndex(repo, config, {
    log,
    onVerdict: ({ result, latencyMs }) => {
      feed.offer(result, latencyMs);
      collectGarbage();
    },
    // The working-tree verdict only matters to watch-mode subscribers.
    wantsWorktree: () => feed.size > 0,
    paused: () => lifecycle.stopping,
    onStagedVerdict: (verdict) => publish(verdict),
    onConfigChange: () => {
      // Requests learn of it through the config hash; a watch-mode subscriber would otherwise never hear.
      if (feed.size && drift().configHashOnDisk !== identity.configHash) void lifecycle.shutdown('stale: the config file changed');
    },
  });
  const { warm, facts } = live;

  // The handler needs the lifecycle, the lifecycle needs the server: late-bound through this slot.
  let handle: Handler = async () => {
    throw new Error('not ready');
  };
  // Known to this process and to the state file alone (0600 in a 0700 directory): what it proves to each client.
  const secret = randomBytes(32).toString('hex');
  const server = await listenSocket(paths.socket, (request, peer) => handle(request, peer), log, (nonce) => proofOf(secret, nonce));
  const lifecycle = startLifecycle({
    paths,
    server,
    log,
    busy: () => feed.size > 0,
    onStopping: (reason) => feed.closing(reason),
    onStop: () => live.close(),
  });
  const startedAtText = new Date(startedAt).toISOString();
  const publisher = verdictPublisher({ paths, identity, daemon: { pid: process.pid, startedAt: startedAtText }, root: repo.root, gitDir: repo.gitDir, commonDir: repo.commonDir, configBytes, drift, log });
  // A daemon holding checks (a test of one dying mid-check) must be asked: it publishes nothing.
  const publishing = !process.env[HOLD_CHECKS_ENV];
  const publish = (verdict: CachedVerdict<CheckAnswer>): void => {
    if (!publishing || lifecycle.stopping) return;
    // A hook answered from the file never reaches the handler: a new staged verdict (git moved) is the use that keeps the daemon up.
    lifecycle.touch();
    publisher(verdict);
  };
  handle = requestHandler({ root: repo.root, gitDirs: [...new Set([repo.gitDir, repo.commonDir])], startedAt, identity, drift, warm, facts, watching: live.watching, feed, lifecycle, log });
  writeState(paths.state, { pid: process.pid, socket: paths.socket, version: identity.toolVersion, configHash: identity.configHash, startedAt: startedAtText, secret });
  log(`listening on ${paths.socket} for ${repo.root} (ssot-guard ${identity.toolVersion}, config ${identity.configHash.slice(0, 12)})`);

  return { warmUp: () => void live.start() };
}
