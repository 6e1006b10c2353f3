import { closeSync, constants, fstat, open, read as readCallback, write as writeCallback, type Stats } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { currentUid, ownerOnlyProblem } from './owner-only.js';

/**
 * Files whose content a verdict may come from (the fact cache, file
 * judgments): opened only when they are ours alone, replaced atomically.
 * A file someone else owns or can write could be forged to pass a violation.
 */

const openFd = promisify(open);
const fstatFd = promisify(fstat);
const readFd = promisify(readCallback);
const writeFd = promisify(writeCallback);
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const CREATE = constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY;

/** What state is written with, every byte; a test injects one that fails like a full disk. */
export type WriteBytes = (fd: number, data: Buffer) => Promise<void>;

export const writeAll: WriteBytes = async (fd, data) => {
  for (let done = 0; done < data.length; ) done += (await writeFd(fd, data, done, data.length - done, null)).bytesWritten;
};

/**
 * An fd on `path` if it is a regular file of ours that nobody else can
 * write (a symlink is not followed), else null. A plain fd rather than a
 * FileHandle: a fact cache view lives as long as its store, and a FileHandle
 * closed by the garbage collector warns.
 */
export async function openOwned(path: string, flags: number, mode?: number): Promise<number | null> {
  return (await openOwnedStat(path, flags, mode))?.fd ?? null;
}

async function openOwnedStat(path: string, flags: number, mode?: number): Promise<{ fd: number; stats: Stats } | null> {
  let fd: number;
  try {
    fd = await openFd(path, flags | NOFOLLOW, mode);
  } catch {
    return null;
  }
  try {
    const uid = currentUid();
    const stats = await fstatFd(fd);
    if (uid === null || !ownerOnlyProblem(stats, 'file', uid)) return { fd, stats };
  } catch {
    // fstat failed: as untrusted as a stranger's file.
  }
  closeSync(fd);
  return null;
}

/** The whole file when it is ours alone (openOwned), else null. Never throws. */
export async function readOwned(path: string): Promise<Buffer | null> {
  const opened = await openOwnedStat(path, constants.O_RDONLY);
  if (opened === null) return null;
  try {
    return await readSized(opened.fd, opened.stats.size);
  } catch {
    return null;
  } finally {
    closeSync(opened.fd);
  }
}

/**
 * The file's bytes in one read where the system allows: fs.readFile reads
 * 512 KB at a time, each a round trip through the thread pool, which on
 * 12 MB of judgments left a check waiting 10 ms. The file is replaced by
 * rename, never rewritten in place, so its size does not change under us.
 */
async function readSized(fd: number, size: number): Promise<Buffer> {
  const bytes = Buffer.allocUnsafe(size);
  let done = 0;
  while (done < size) {
    const { bytesRead } = await readFd(fd, bytes, done, size - done, done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === size ? bytes : bytes.subarray(0, done);
}

/** Replaces `file` atomically (a fresh 0600 tmp renamed over it): a reader sees the old content or the new, whole. */
export async function replaceFile(file: string, bytes: Buffer, write: WriteBytes = writeAll): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = await openOwned(tmp, CREATE, 0o600);
  if (fd === null) throw new Error(`${tmp} could not be created`);
  let open = true;
  try {
    await write(fd, bytes);
    closeSync(fd);
    open = false;
    await rename(tmp, file);
  } catch (err) {
    if (open) closeSync(fd);
    await unlink(tmp).catch(() => {});
    throw err;
  }
}
