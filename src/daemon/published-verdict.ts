import { removeFile, replaceOwnFile } from '../fs/owned-file-sync.js';
import type { Log } from './log.js';
import type { DaemonPaths } from './paths.js';
import { PROTOCOL_VERSION, type CheckAnswer } from './protocol.js';
import { staleReason, type DaemonIdentity, type DiskDrift, type LockfileStat } from './staleness.js';
import { readState } from './state-file.js';
import { cachedVerdictValid, type CachedVerdict, type GitStateKey } from './verdict-validity.js';

/**
 * The staged verdict as the daemon last computed it, written beside its
 * state file: a hook that finds it valid prints it without connecting, so a
 * commit pays for no socket (node:net and a round trip were a third of the
 * hook's time over a bare node). Valid exactly when the daemon would answer
 * the hook with it: the same daemon (as the state file names it, alive), the same
 * tool and protocol, the config on disk and the lockfiles as it loaded them,
 * and the git state it was computed under (verdict-validity.ts). Anything
 * else sends the hook to the socket, as before.
 */
export interface PublishedVerdict {
  readonly protocol: number;
  /** The daemon that computed it: its pid and start time, as its state file gives them. */
  readonly pid: number;
  readonly startedAt: string;
  readonly toolVersion: string;
  readonly root: string;
  /** Where the daemon reads git's state (readGitStateKey): a hook reads the same files. */
  readonly gitDir: string;
  readonly commonDir: string;
  /**
   * The config file's bytes the daemon loaded, base64: a hook compares them
   * with the file's, encoded alike (native work), where hashing them in JavaScript cost it 1.5 ms.
   */
  readonly config: string;
  /** The lockfiles the daemon watches, by stat identity when it published (DiskDrift.lockfileStats). */
  readonly lockfiles: readonly LockfileStat[];
  /** Read before the verdict was computed (CachedVerdict.key). */
  readonly key: GitStateKey;
  readonly answer: CheckAnswer;
}

/** What a hook sees now, to hold a published verdict against. */
export interface PublishedAgainst {
  readonly daemon: { readonly pid: number; readonly startedAt: string };
  /**
   * Whether that pid is alive. A dead daemon's verdict would still be right,
   * but a hook that finds the daemon gone judges in-process and starts one,
   * as it would without a published verdict.
   */
  readonly alive: boolean;
  readonly toolVersion: string;
  readonly root: string;
  /** Whether the published git dir is the hook's (the same directory, however spelled). */
  readonly sameGitDir: boolean;
  /** The config file's bytes on disk, null when it cannot be read. */
  readonly config: Uint8Array | null;
  /** statKey of each of the published verdict's lockfiles, in its order. */
  readonly lockfileStats: readonly string[];
  readonly key: GitStateKey;
}

/**
 * A verdict beyond this (tens of thousands of violations) goes over the
 * socket: reading and parsing it must not be what stalls a commit.
 */
export const MAX_PUBLISHED_BYTES = 16 * 1024 * 1024;

/**
 * Pure: why `published` may not answer a hook that sees `now`, or null when
 * it may. Staleness is the daemon's own rule (staleness.ts `staleReason`),
 * with the published identity as the daemon's and the config's bytes as its
 * hash: a reason to refuse the socket's answer is one to refuse the file's.
 */
export function publishedVerdictProblem(published: PublishedVerdict, now: PublishedAgainst): string | null {
  if (published.pid !== now.daemon.pid || published.startedAt !== now.daemon.startedAt) return 'published by another daemon than the state file names';
  if (!now.alive) return `the daemon that published it (pid ${published.pid}) is gone`;
  if (published.root !== now.root) return `published for ${published.root}, not ${now.root}`;
  if (!now.sameGitDir) return `published for the git dir ${published.gitDir}, not this one`;
  const moved = published.lockfiles.length === now.lockfileStats.length ? published.lockfiles.find((l, i) => l.stat !== now.lockfileStats[i]) : { file: 'a lockfile' };
  const stale = staleReason(
    { v: PROTOCOL_VERSION, toolVersion: now.toolVersion },
    { protocol: published.protocol, toolVersion: published.toolVersion, configHash: published.config },
    { configHashOnDisk: now.config === null ? null : Buffer.from(now.config).toString('base64'), changedLockfile: moved ? moved.file : null, lockfileStats: null },
  );
  if (stale) return stale;
  if (!cachedVerdictValid({ key: published.key, value: null }, now.key)) return 'the index, HEAD or its branch moved since it was published';
  return null;
}

/** The envelope of a published verdict, or null (its answer is checked as a daemon's answer is: ask-daemon.ts). */
export function parsePublishedVerdict(text: string): PublishedVerdict | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const p = raw as Partial<PublishedVerdict> | null;
  const key = p?.key as Partial<GitStateKey> | undefined;
  const lockfiles = p?.lockfiles as unknown;
  if (
    !p ||
    typeof p.protocol !== 'number' ||
    typeof p.pid !== 'number' ||
    typeof p.startedAt !== 'string' ||
    typeof p.toolVersion !== 'string' ||
    typeof p.root !== 'string' ||
    typeof p.gitDir !== 'string' ||
    typeof p.commonDir !== 'string' ||
    typeof p.config !== 'string' ||
    !Array.isArray(lockfiles) ||
    !lockfiles.every((l: Partial<LockfileStat> | null) => typeof l?.file === 'string' && typeof l.stat === 'string') ||
    typeof key?.index !== 'string' ||
    typeof key.head !== 'string' ||
    typeof key.ref !== 'string' ||
    typeof p.answer !== 'object' ||
    p.answer === null
  )
    return null;
  return p as PublishedVerdict;
}

/** Replaced whole, as the state file is (fs/owned-file-sync.ts): a hook never reads half a verdict. */
export function publishVerdict(file: string, published: PublishedVerdict): void {
  replaceOwnFile(file, JSON.stringify(published));
}

/** Gone, or never written: a hook then asks the socket. */
export function withdrawVerdict(file: string): void {
  removeFile(file);
}

export interface PublisherDeps {
  readonly paths: DaemonPaths;
  readonly identity: DaemonIdentity;
  /** This daemon as its state file names it. */
  readonly daemon: { readonly pid: number; readonly startedAt: string };
  readonly root: string;
  readonly gitDir: string;
  readonly commonDir: string;
  /** The config file as the daemon's rules were parsed from. */
  readonly configBytes: Buffer;
  readonly drift: () => DiskDrift;
  readonly log: Log;
}

/**
 * What the daemon does with each staged verdict it computes afresh: publish
 * it, only while the state file names this daemon (not once it released its
 * paths, nor after a successor took them over), and only while the disk is as
 * it started (a stale daemon withdraws it: the next request hears why).
 */
export function verdictPublisher(deps: PublisherDeps): (verdict: CachedVerdict<CheckAnswer>) => void {
  const { paths, identity, daemon } = deps;
  const config = deps.configBytes.toString('base64');
  return ({ key, value }) => {
    if (readState(paths.state)?.pid !== daemon.pid) return;
    try {
      const disk = deps.drift();
      if (disk.lockfileStats === null || staleReason({ v: identity.protocol, toolVersion: identity.toolVersion }, identity, disk)) return withdrawVerdict(paths.verdict);
      publishVerdict(paths.verdict, {
        protocol: identity.protocol,
        pid: daemon.pid,
        startedAt: daemon.startedAt,
        toolVersion: identity.toolVersion,
        root: deps.root,
        gitDir: deps.gitDir,
        commonDir: deps.commonDir,
        config,
        lockfiles: disk.lockfileStats,
        key,
        answer: value,
      });
    } catch (err) {
      withdrawVerdict(paths.verdict);
      deps.log(`staged verdict not published: ${(err as Error).message}`);
    }
  };
}
