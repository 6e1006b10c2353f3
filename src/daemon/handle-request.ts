import { writeFileSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import type { FactStore } from '../facts/fact-store.js';
import type { Log } from './log.js';
import type { Lifecycle } from './lifecycle.js';
import type { CheckModeParam, DaemonStatus, Request } from './protocol.js';
import { RequestError, type Handler } from './server.js';
import { staleReason, type DaemonIdentity, type DiskDrift } from './staleness.js';
import type { VerdictFeed } from './verdict-feed.js';
import type { WarmIndex } from './warm-index.js';

export interface RequestContext {
  readonly root: string;
  /** This worktree's git dir and the common dir: where git writes the temporary index of `commit -a`. */
  readonly gitDirs: readonly string[];
  readonly startedAt: number;
  readonly identity: DaemonIdentity;
  readonly drift: () => DiskDrift;
  readonly warm: WarmIndex;
  readonly facts: FactStore;
  /** Resolves once the watcher scanned the tree: a subscriber's first verdicts come after it. */
  readonly watching: Promise<void>;
  readonly feed: VerdictFeed;
  readonly lifecycle: Lifecycle;
  readonly log: Log;
}

const MODES: readonly CheckModeParam[] = ['staged', 'all', 'worktree'];

/**
 * Test hook, read once at start: a daemon started with this variable set to a
 * file path writes its pid there when a check request arrives, then never
 * answers it. A test can so kill the daemon while it provably holds a request,
 * with no timing guess. Harmless if set by mistake: the hook times out and
 * judges in-process, as with any hung daemon.
 */
export const HOLD_CHECKS_ENV = 'SSOT_GUARD_TEST_HOLD_CHECKS';

function holdCheck(file: string): Promise<never> {
  writeFileSync(file, String(process.pid));
  return new Promise<never>(() => {});
}

/** The protocol's methods. Throwing is answering: the server turns every throw into an error reply. */
export function requestHandler(ctx: RequestContext): Handler {
  const { warm, lifecycle, log } = ctx;
  const holdChecksFile = process.env[HOLD_CHECKS_ENV];
  if (holdChecksFile) log(`${HOLD_CHECKS_ENV} is set: check requests are held, never answered (a test of a daemon dying mid-check)`);
  const staleFor = (request: Request): string | null => staleReason(request, ctx.identity, ctx.drift());

  /** A stale daemon gives up its paths before it answers, then exits once the answer is out. */
  const refuseIfStale = (request: Request): void => {
    const reason = staleFor(request);
    if (!reason) return;
    lifecycle.releasePaths();
    setImmediate(() => void lifecycle.shutdown(`stale: ${reason}`));
    throw new RequestError('stale', reason);
  };

  const status = (request: Request): DaemonStatus => {
    const mem = process.memoryUsage();
    const s = warm.stats;
    return {
      pid: process.pid,
      root: ctx.root,
      uptimeMs: Date.now() - ctx.startedAt,
      filesIndexed: s.filesIndexed,
      factsCached: ctx.facts.size,
      cacheHits: s.cacheHits,
      verdictHits: s.verdictHits,
      checks: s.checks,
      precomputes: s.precomputes,
      rssBytes: mem.rss,
      heapUsedBytes: mem.heapUsed,
      lastCheckMs: s.lastCheckMs,
      version: ctx.identity.toolVersion,
      configHash: ctx.identity.configHash,
      // Reported, not acted on: `status` must work across versions (the CLI says what it found).
      stale: staleFor(request),
    };
  };

  const check = async (request: Request): Promise<unknown> => {
    refuseIfStale(request);
    if (holdChecksFile) return holdCheck(holdChecksFile);
    const params = request.params ?? {};
    const mode = params['mode'] ?? 'staged';
    if (!MODES.includes(mode as CheckModeParam)) throw new RequestError('bad-request', `unknown mode ${JSON.stringify(mode)} (${MODES.join(', ')})`);
    if (params['root'] !== undefined && params['root'] !== ctx.root) throw new RequestError('wrong-repo', `this daemon serves ${ctx.root}, not ${String(params['root'])}`);
    const indexFile = params['indexFile'];
    if (indexFile !== undefined && !isIndexFileOf(indexFile, ctx.gitDirs)) throw new RequestError('bad-request', `indexFile must be a file in ${ctx.gitDirs.join(' or ')}`);
    if (indexFile !== undefined && mode === 'worktree') throw new RequestError('bad-request', 'indexFile goes with mode staged or all');
    try {
      const { answer, fromCache } = await warm.check(mode as CheckModeParam, true, indexFile as string | undefined);
      log(`check ${mode}: ${answer.result.violations.length} violation(s) in ${answer.result.stats.ms} ms${fromCache ? ' (precomputed)' : ''}`);
      return answer;
    } catch (err) {
      log(`check ${mode} failed: ${(err as Error).stack ?? String(err)}`);
      throw new RequestError('check-failed', (err as Error).message);
    }
  };

  return async (request, peer) => {
    lifecycle.touch();
    if (lifecycle.stopping) throw new RequestError('shutting-down', 'daemon is stopping');
    switch (request.method) {
      case 'check':
        return check(request);
      case 'status':
        return status(request);
      case 'stop':
        setImmediate(() => void lifecycle.shutdown('stop requested'));
        return { stopping: true, pid: process.pid };
      case 'subscribe': {
        refuseIfStale(request);
        ctx.feed.add(peer);
        // The current verdicts right after the answer, then changes as they happen. Not before
        // the watcher is ready: a subscriber that saw its first verdicts must see every later save.
        setImmediate(() => {
          void (async () => {
            await ctx.watching;
            ctx.feed.greet(peer, (await warm.check('staged', false)).answer.result);
            ctx.feed.greet(peer, await warm.worktreeVerdict());
          })().catch((err: Error) => log(`subscribe: initial verdict failed: ${err.message}`));
        });
        return { subscribed: true };
      }
      default:
        throw new RequestError('unknown-method', `unknown method ${JSON.stringify(request.method)} (check, status, stop, subscribe)`);
    }
  };
}

/** A temporary index git wrote for this repository (`index.lock`, `next-index-*.lock`): directly inside one of its git dirs. */
export function isIndexFileOf(file: unknown, gitDirs: readonly string[]): file is string {
  return typeof file === 'string' && isAbsolute(file) && gitDirs.includes(dirname(file)) && !/[\0\n]/.test(file);
}
