import { closeSync, constants, fstatSync, openSync, readSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { currentUid, ownerOnlyProblem } from './owner-only.js';

/**
 * Files of ours a process starting up reads at once: the daemon's beside its
 * state (`daemon.json`, `staged-verdict.json`) and the V8 code cache. Read
 * synchronously, with the reason a file is not taken, and replaced whole.
 * (owned-file.ts holds the engine's fact cache and judgments: large, read
 * asynchronously, and it loads node:crypto, which a hook must not.)
 */

/**
 * Not followed if a symlink, never blocking (a FIFO planted there opens at
 * once and is refused before any read), a regular file only, read to a size
 * limit: such a file costs a start a few microseconds, whatever is at its path.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/**
 * How far a file must be this user's: `any` (read whoever wrote it, to learn
 * what it says), `owner` (ours, and writable by no one else: what it says can
 * be believed), `private` (that, and readable by no one else: it holds a secret).
 */
export type OwnFileTrust = 'any' | 'owner' | 'private';

export type OwnFileRead = { readonly bytes: Buffer } | { readonly reason: string; readonly missing: boolean };

/**
 * A file we wrote in a directory of ours (the caller checks the
 * directory): its bytes, or why not. Never throws. `limit.what` names such a
 * file, for the message when it is larger than one could be.
 */
export function readOwnFile(file: string, limit: { readonly maxBytes: number; readonly what: string }, trust: OwnFileTrust): OwnFileRead {
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { reason: `no ${file}`, missing: true };
    return { reason: code === 'ELOOP' ? `${file} is a symbolic link: not followed` : `cannot open ${file}: ${code ?? (err as Error).message}`, missing: false };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { reason: `${file} is not a regular file`, missing: false };
    if (st.size > limit.maxBytes) return { reason: `${file} is ${st.size} bytes, more than ${limit.what} holds`, missing: false };
    const uid = currentUid();
    if (trust !== 'any' && uid !== null) {
      const problem = ownerOnlyProblem(st, 'file', uid);
      if (problem) return { reason: `${file} ${problem}`, missing: false };
      if (trust === 'private' && st.mode & 0o077) return { reason: `${file} is readable by group or others (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}): its secret is not ours alone`, missing: false };
    }
    const bytes = Buffer.alloc(st.size);
    let done = 0;
    while (done < st.size) {
      const n = readSync(fd, bytes, done, st.size - done, done);
      if (n === 0) break;
      done += n;
    }
    return { bytes: bytes.subarray(0, done) };
  } catch (err) {
    return { reason: `cannot read ${file}: ${(err as Error).message}`, missing: false };
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces `file` whole (tmp + rename): a reader never sees half of it. The
 * tmp file is created 0600 and exclusively, so nothing planted at its path is written through.
 */
export function replaceOwnFile(file: string, data: string | Buffer): void {
  const tmp = `${file}.${process.pid}.tmp`;
  // One left by an earlier process of this pid.
  removeFile(tmp);
  writeFileSync(tmp, data, { mode: 0o600, flag: 'wx' });
  renameSync(tmp, file);
}

/** Gone, or never there. */
export function removeFile(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}
