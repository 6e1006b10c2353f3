import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { nodeCrypto } from '../launch/node-crypto.js';
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
export function indexContentKey(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : UNREADABLE;
  }
  try {
    const { size } = fstatSync(fd);
    const n = Math.min(size, TRAILER_BYTES);
    const tail = Buffer.alloc(n);
    if (readSync(fd, tail, 0, n, size - n) !== n) return UNREADABLE;
    if (n === TRAILER_BYTES && tail.subarray(n - 20).some((b) => b !== 0)) return `${size}:${tail.toString('hex')}`;
    const all = readFileSync(fd);
    return `${all.length}:sha1:${nodeCrypto().createHash('sha1').update(all).digest('hex')}`;
  } catch {
    return UNREADABLE;
  } finally {
    closeSync(fd);
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
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
function packedRef(commonDir: string, ref: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(commonDir, 'packed-refs'));
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
export function readGitStateKey(gitDir: string, commonDir: string): GitStateKey {
  const index = indexContentKey(join(gitDir, 'index'));
  const head = readText(join(gitDir, 'HEAD'));
  const reftable = readText(join(commonDir, 'reftable', 'tables.list'));
  const symref = /^ref:\s*(\S+)$/.exec(head)?.[1];
  const loose = symref ? readText(refFile(symref, gitDir, commonDir)) : '';
  const packed = symref && loose === 'missing' ? packedRef(commonDir, symref) : '';
  return { index, head, ref: `${loose}|${packed}|${reftable.split('\n').join(',')}` };
}
