import { open, readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { GitStateKey } from './verdict-validity.js';

const UNREADABLE = 'unreadable';

/** Longest trailing checksum git writes (sha256 repositories); a sha1 index's is its last 20 bytes. */
const TRAILER_BYTES = 32;

/**
 * What the index says, not when it was written: git ends the index with a
 * hash of everything before it (gitformat-index(5)), so its last bytes name
 * its content, read with one small pread. With `index.skipHash` (git 2.40+,
 * `feature.manyFiles`) that trailer is all zeros: the whole file is hashed.
 * (The last 32 bytes of a sha1 index are its 20-byte checksum and 12 bytes of
 * the content it covers: still a function of the content alone.)
 */
export async function indexContentKey(file: string): Promise<string> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : UNREADABLE;
  }
  try {
    const { size } = await handle.stat();
    const n = Math.min(size, TRAILER_BYTES);
    const tail = Buffer.alloc(n);
    const { bytesRead } = await handle.read(tail, 0, n, size - n);
    if (bytesRead !== n) return UNREADABLE;
    if (n === TRAILER_BYTES && tail.subarray(n - 20).some((b) => b !== 0)) return `${size}:${tail.toString('hex')}`;
    const all = await handle.readFile();
    return `${all.length}:sha1:${createHash('sha1').update(all).digest('hex')}`;
  } catch {
    return UNREADABLE;
  } finally {
    await handle.close();
  }
}

async function readText(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : UNREADABLE;
  }
}

/** Refs private to a worktree live in its git dir; branches and tags are shared under the common dir. */
function refFile(ref: string, gitDir: string, commonDir: string): string {
  const perWorktree = /^refs\/(bisect|worktree|rewritten)\//.test(ref) || !ref.startsWith('refs/');
  return join(perWorktree ? gitDir : commonDir, ref);
}

/**
 * The line of packed-refs that names `ref` (its object id and name), `missing`, or `unreadable`.
 * A large repository's packed-refs holds every tag: the ref is found with one search, not a split of every line.
 */
async function packedRef(commonDir: string, ref: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(commonDir, 'packed-refs'));
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : UNREADABLE;
  }
  // A line is `<object id> <ref>`; peeled lines (`^<id>`) and the `# pack-refs` header never end with a ref name.
  const name = Buffer.from(` ${ref}\n`);
  for (let at = bytes.indexOf(name); at >= 0; at = bytes.indexOf(name, at + 1)) {
    const start = bytes.lastIndexOf(0x0a, at) + 1;
    if (bytes[start] !== 0x23 && bytes[start] !== 0x5e) return bytes.toString('utf8', start, at + name.length - 1);
  }
  // The last line may lack its newline.
  const last = bytes.toString('utf8', bytes.lastIndexOf(0x0a, bytes.length - 2) + 1).trim();
  return last.endsWith(` ${ref}`) && !last.startsWith('#') ? last : 'missing';
}

/**
 * What the staged verdict depends on, read with a few small reads and no git
 * process, each by content: the index's own checksum, HEAD, and the commit
 * the ref HEAD names (its loose file, else its packed-refs line; with reftable,
 * the table list, whose names change with every update).
 */
export async function readGitStateKey(gitDir: string, commonDir: string): Promise<GitStateKey> {
  const [index, head, reftable] = await Promise.all([
    indexContentKey(join(gitDir, 'index')),
    readText(join(gitDir, 'HEAD')),
    readText(join(commonDir, 'reftable', 'tables.list')),
  ]);
  const symref = /^ref:\s*(\S+)$/.exec(head)?.[1];
  const loose = symref ? await readText(refFile(symref, gitDir, commonDir)) : '';
  const packed = symref && loose === 'missing' ? await packedRef(commonDir, symref) : '';
  return { index, head, ref: `${loose}|${packed}|${reftable.split('\n').join(',')}` };
}
