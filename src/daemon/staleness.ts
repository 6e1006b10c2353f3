/** What a daemon was started with: any difference from what a client sees makes it stale. */
export interface DaemonIdentity {
  readonly protocol: number;
  readonly toolVersion: string;
  readonly configHash: string;
}

/** What the daemon sees on disk now. */
export interface DiskDrift {
  /** sha1 of the config file's current bytes; null when it is gone. */
  readonly configHashOnDisk: string | null;
  /** A lockfile whose content changed since start (dependencies moved under the daemon), or null. */
  readonly changedLockfile: string | null;
  /**
   * Each lockfile's stat identity (fs/stat-identity.ts) as just looked at,
   * its content then the one the daemon started with; null when one changed.
   * What a published verdict is valid under (published-verdict.ts).
   */
  readonly lockfileStats: readonly LockfileStat[] | null;
}

export interface LockfileStat {
  readonly file: string;
  readonly stat: string;
}

export interface Asking {
  readonly v: number;
  readonly toolVersion: string;
}

/**
 * Pure: why this daemon must not answer this client, or null. A stale daemon
 * that keeps answering is worse than none (eslint_d, dmypy): it judges with old
 * rules or old code while looking healthy.
 */
export function staleReason(asking: Asking, own: DaemonIdentity, disk: DiskDrift): string | null {
  if (asking.v !== own.protocol) return `protocol ${asking.v} asked, daemon speaks ${own.protocol}`;
  if (asking.toolVersion !== own.toolVersion) return `ssot-guard ${asking.toolVersion} asked, daemon runs ${own.toolVersion}`;
  // Read when the request arrives, after the client looked: as new as anything the client could send.
  if (disk.configHashOnDisk !== own.configHash) return 'the config file on disk differs from the one the daemon loaded';
  if (disk.changedLockfile) return `${disk.changedLockfile} changed since the daemon started`;
  return null;
}
