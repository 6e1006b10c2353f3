import { isAbsolute, join } from 'node:path';

/**
 * Where a command's V8 code cache is kept, and under what name. Pure: the
 * launcher passes the environment in.
 *
 * What invalidates what: the file name carries the digest of the program's
 * bytes (V8 itself compares only the source's length, so an edited program of
 * the same length would otherwise run stale bytecode), the Node version and
 * the CPU (so two Node versions in turn do not overwrite each other's); V8
 * checks its own version and flags on load and rejects the rest. It also
 * carries a digest of where the program is (its real path): a cache holds the
 * script's file name, and V8 keeps that one over the name it is loaded under,
 * so two checkouts with the same bytes sharing one cache would have each
 * other's paths in their stack traces. Each checkout keeps its own. The command
 * is in the name because each one compiles different code: the cache the
 * first `init` would leave holds almost nothing `check` runs, and a cache
 * is written only when missing or rejected, never topped up.
 */

/** The per-user cache directory (XDG base directories: a relative XDG_CACHE_HOME is ignored), or null for none. */
export function codeCacheDir(env: NodeJS.ProcessEnv, home: string): string | null {
  if (env['SSOT_GUARD_NO_CODE_CACHE']) return null;
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg && isAbsolute(xdg)) return join(xdg, 'ssot-guard');
  return home ? join(home, '.cache', 'ssot-guard') : null;
}

export interface CodeCacheKey {
  /** The CLI command the process runs and its snapshot (`check-staged`), or `default` (commandOf). */
  readonly command: string;
  /** Hex digest of the program file's real path: each checkout or install has its own cache. */
  readonly where: string;
  /** Hex digest of the program file's bytes. */
  readonly digest: string;
  readonly nodeVersion: string;
  readonly arch: string;
}

const SNAPSHOTS = ['--all', '--staged', '--worktree'];

/**
 * What a cache is named for: the command (the first argument, when it looks
 * like one: no argument can shape a path) and the snapshot it reads, because
 * `check --all` (CI) and `check --staged` (a commit) compile different code.
 */
export function commandOf(argv: readonly string[]): string {
  const first = argv[0];
  if (first === undefined || !/^[a-z]{1,16}$/.test(first)) return 'default';
  const snapshot = argv.find((a) => SNAPSHOTS.includes(a));
  return snapshot ? `${first}-${snapshot.slice(2)}` : first;
}

export function codeCacheName(key: CodeCacheKey): string {
  return `${key.command}-${key.where}-${key.digest}-${key.nodeVersion}-${key.arch}.v8`;
}

/**
 * Files in the cache directory left by earlier builds of the same command in
 * the same place under the same Node: replaced by this one. Another
 * checkout's are kept (it would only write its own again), and so are those
 * of a version that named caches by the digest alone (`<command>-<digest>-…`):
 * one that is still installed somewhere writes them, and would write them again.
 */
export function supersededBy(key: CodeCacheKey, names: readonly string[]): string[] {
  const current = codeCacheName(key);
  const prefix = `${key.command}-${key.where}-`;
  const suffix = `-${key.nodeVersion}-${key.arch}.v8`;
  return names.filter((name) => name !== current && name.startsWith(prefix) && name.endsWith(suffix) && /^[0-9a-f]+$/.test(name.slice(prefix.length, -suffix.length)));
}
