import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import { currentUid, ensurePrivateDir, ownerOnlyProblem } from '../fs/owner-only.js';
import { readOwnFile, replaceOwnFile } from '../fs/owned-file-sync.js';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { homedir } from 'node:os';
import { cachedDataOf, codeCacheDir, codeCacheName, encodeCodeCache, placeOf, type CodeCacheKey } from './code-cache-file.js';

/**
 * Runs a CommonJS program file the way Node's own loader would (and returns
 * its exports), but compiled with a V8 code cache kept under `command`'s
 * name in the user's cache directory (code-cache-file.ts), so a start skips
 * compiling the half megabyte of bundled CLI (on Node 22 `module.enableCompileCache()` does this; Node 20
 * has no such switch). The first run of a command, or one whose cache V8
 * rejects, leaves a cache at exit holding the code it compiled by then.
 *
 * The program may not use import(): a script has no module loader (the
 * build turns each into a require). The cache is bytecode V8 runs without
 * question, so it is read only from a directory and a file that are this
 * user's and no one else can write (fs/owner-only.ts), as the fact cache
 * is. A cache that cannot be read or written costs a start its compile
 * time, never its result.
 */
export function runWithCodeCache(programFile: string, command: string): unknown {
  return runCached(programFile, codeCacheDir(process.env, homedir()), { command, nodeVersion: process.version, arch: process.arch });
}

/**
 * A bin's whole work: runs the program as runWithCodeCache does, and makes
 * what stops it an exit code. A program that is not there is the install's
 * problem (exit 2, what to do); one that cannot start is a crash (exit 3,
 * the stack); neither is 0 (a pass) or 1 (violations found).
 */
export function launchWithCodeCache(programFile: string, command: string): void {
  try {
    runWithCodeCache(programFile, command);
  } catch (err) {
    if (err instanceof IncompleteInstallError) {
      process.stderr.write(`ssot-guard: ${err.message}\n`);
      process.exitCode = err.exitCode;
    } else {
      process.stderr.write(`ssot-guard: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 3;
    }
  }
}

/**
 * The program file is not there: an install whose build is missing (dist/
 * not built, or removed while an upgrade runs). Not a verdict and not a bug
 * of the program: exit 2 (the config-error code) with what to do, no stack.
 */
export class IncompleteInstallError extends Error {
  readonly exitCode = 2;
  constructor(readonly programFile: string) {
    super(
      `this install is incomplete: ${programFile} is missing, so ssot-guard cannot run (and a commit it guards is refused).\n` +
        '  Fix: reinstall ssot-guard (npm ci in a JavaScript repository, else npm install -g ssot-guard again);\n' +
        '  in a checkout of ssot-guard itself: npm run build',
    );
  }
}

function readProgram(programFile: string): Buffer {
  try {
    return readFileSync(programFile);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new IncompleteInstallError(programFile);
    throw err;
  }
}

function runCached(programFile: string, cacheDir: string | null, key: Omit<CodeCacheKey, 'where'>): unknown {
  const bytes = readProgram(programFile);
  const realPath = realpathSync.native(programFile);
  const cacheKey: CodeCacheKey = { ...key, where: placeOf(realPath) };
  const cache = cacheDir === null ? null : { dir: cacheDir, file: join(cacheDir, codeCacheName(cacheKey)) };
  const kept = cache ? readOwnCache(cache.dir, cache.file) : undefined;
  // Another program's, or this one's before an edit: not offered to V8 at all.
  const cachedData = (kept && cachedDataOf(kept, realPath, bytes)) ?? undefined;
  // The wrapper Node puts around a CommonJS module: the program's require, module and __dirname are its own.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${bytes.toString('utf8')}\n})`, {
    filename: programFile,
    ...(cachedData ? { cachedData } : {}),
  });
  if (cache && (cachedData === undefined || script.cachedDataRejected)) {
    // At exit the cache holds every function the run compiled, not only the top level.
    process.once('exit', () => keepCache(cache.dir, cache.file, () => encodeCodeCache(realPath, bytes, script.createCachedData())));
  }
  const program = script.runInThisContext() as (...args: unknown[]) => void;
  const module: { exports: unknown } = { exports: {} };
  program.call(module.exports, module.exports, createRequire(programFile), module, programFile, dirname(programFile));
  return module.exports;
}

/** Far more than a cache of the whole CLI (about 2 MB): a larger file is not one. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;

function readOwnCache(dir: string, file: string): Buffer | undefined {
  const uid = currentUid();
  try {
    if (uid !== null && ownerOnlyProblem(lstatSync(dir), 'dir', uid)) return undefined;
  } catch {
    return undefined;
  }
  const read = readOwnFile(file, { maxBytes: MAX_CACHE_BYTES, what: 'a code cache' }, 'owner');
  return 'bytes' in read ? read.bytes : undefined;
}

function keepCache(dir: string, file: string, contents: () => Buffer): void {
  try {
    const untrusted = ensurePrivateDir(dir);
    if (untrusted) throw new Error(untrusted);
    // Replaced whole: processes started together never read half a cache.
    replaceOwnFile(file, contents());
  } catch (err) {
    if (process.env['SSOT_GUARD_DEBUG']) process.stderr.write(`ssot-guard: code cache not written: ${(err as Error).message}\n`);
  }
}
