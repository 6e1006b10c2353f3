/** Everything a staged (or index-wide) verdict depends on besides the config and the tool itself. */
export interface GitStateKey {
  /**
   * `<gitDir>/index` by content: its size and trailing checksum (a hash of the
   * whole file when git wrote none), `missing`, or `unreadable`. Never its
   * stat: on 1-second timestamps a different index can repeat it exactly.
   */
  readonly index: string;
  /** HEAD's content: `ref: refs/heads/x` or a detached sha. */
  readonly head: string;
  /** The commit the branch HEAD names: its loose ref, else its packed-refs line, and reftable's table list. */
  readonly ref: string;
}

export interface CachedVerdict<T> {
  /** Read BEFORE the verdict was computed, so the verdict is at least as new as its key. */
  readonly key: GitStateKey;
  readonly value: T;
}

/**
 * Pure: may a verdict computed under `cached.key` answer a request made under
 * `now`? Only when nothing it depends on moved. Anything unreadable is treated
 * as moved: a cache we cannot vouch for is recomputed, never trusted.
 */
export function cachedVerdictValid(cached: CachedVerdict<unknown> | null, now: GitStateKey): boolean {
  if (!cached) return false;
  const parts = [now.index, now.head, now.ref, cached.key.index, cached.key.head, cached.key.ref];
  if (parts.some((p) => p.includes('unreadable'))) return false;
  return cached.key.index === now.index && cached.key.head === now.head && cached.key.ref === now.ref;
}
