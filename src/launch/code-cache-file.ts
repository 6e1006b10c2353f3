import { isAbsolute, join } from 'node:path';

/**
 * Where a command's V8 code cache is kept, under what name, and what the
 * file holds. Pure: the launcher passes the environment and the bytes in.
 *
 * What invalidates what: the file holds the program's real path and its
 * bytes, and its bytecode is used only for that very program there (V8
 * itself compares only the source's length, so an edited program of the same
 * length would otherwise run stale bytecode; and a cache holds the script's
 * file name, which V8 keeps over the name it is loaded under, so another
 * checkout's would put that one's paths in our stack traces). Bytes are
 * compared, not digests: no hash is worth loading node:crypto for (2.6 ms of
 * every start). The name carries the command (each compiles different code:
 * the cache the first `init` would leave holds almost nothing `check` runs,
 * and a cache is written only when missing or rejected, never topped up),
 * where the program is (each checkout keeps its own), the Node version and
 * the CPU (two Node versions in turn do not overwrite each other's); V8 checks
 * its own version and flags on load and rejects the rest.
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
  /** Where the program is (placeOf its real path): a name to keep checkouts apart, not a check (the file holds the path). */
  readonly where: string;
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
  return `${key.command}-${key.where}-${key.nodeVersion}-${key.arch}.v8`;
}

/** 16 hex digits naming a path: two 32-bit FNV-1a hashes. Two paths that share one share a cache file in turn, each rewriting it. */
export function placeOf(realPath: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < realPath.length; i++) {
    const c = realPath.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** The first bytes of a cache file of this format: any other file (an earlier format's, garbage) is no cache. */
const MAGIC = Buffer.from('ssot-guard code cache 2\n');

/** A cache file: the program's real path and bytes it is the bytecode of, then V8's data. */
export function encodeCodeCache(realPath: string, program: Buffer, data: Buffer): Buffer {
  const path = Buffer.from(realPath);
  const lengths = Buffer.alloc(8);
  lengths.writeUInt32LE(path.length, 0);
  lengths.writeUInt32LE(program.length, 4);
  return Buffer.concat([MAGIC, lengths, path, program, data]);
}

/** V8's data in a cache file, when the file is of this very program at this very path; else null. */
export function cachedDataOf(file: Buffer, realPath: string, program: Buffer): Buffer | null {
  const head = MAGIC.length + 8;
  if (file.length < head || !file.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  const pathBytes = file.readUInt32LE(MAGIC.length);
  const programBytes = file.readUInt32LE(MAGIC.length + 4);
  const at = head + pathBytes;
  if (programBytes !== program.length || file.length < at + programBytes) return null;
  if (file.toString('utf8', head, at) !== realPath || !file.subarray(at, at + programBytes).equals(program)) return null;
  return file.subarray(at + programBytes);
}
