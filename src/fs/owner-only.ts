import { chmodSync, lstatSync, mkdirSync } from 'node:fs';

/** The parts of an lstat result that say who could have put a path there, and who can change it. */
export interface OwnerStat {
  readonly uid: number;
  readonly mode: number;
  isDirectory(): boolean;
  isSocket(): boolean;
  isFile(): boolean;
  isSymbolicLink(): boolean;
}

const KIND_WORDS = { dir: 'a directory', socket: 'a socket', file: 'a regular file' } as const;

/**
 * Why a path (from lstat, so a symlink is seen as one) cannot be trusted as
 * this user's private `kind`, or null when it can. Pure. Another local user
 * who owns, or can write into, the daemon's directory, socket or fact cache
 * could answer the hook "no violations", feed it forged facts, or aim its
 * writes elsewhere through a symlink; so such a path is refused, never
 * repaired or deleted: it may be someone else's.
 */
export function ownerOnlyProblem(st: OwnerStat, kind: keyof typeof KIND_WORDS, uid: number): string | null {
  if (st.isSymbolicLink()) return 'is a symbolic link';
  const isKind = kind === 'dir' ? st.isDirectory() : kind === 'socket' ? st.isSocket() : st.isFile();
  if (!isKind) return `is not ${KIND_WORDS[kind]}`;
  if (st.uid !== uid) return `is owned by uid ${st.uid}, not ${uid}`;
  // A socket's write bit is what lets a process connect: group or other may not have it either.
  if (st.mode & 0o022) return `is writable by group or others (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')})`;
  return null;
}

/** This process's uid, or null where there is none (Windows): nothing to compare against there. */
export function currentUid(): number | null {
  return typeof process.getuid === 'function' ? process.getuid() : null;
}

/**
 * Creates `dir` owner-only if missing, then returns why it cannot be trusted
 * (null: it can). A directory of ours that is merely readable by others is
 * tightened to 0700; one that others own or can write is left as it is.
 */
export function ensurePrivateDir(dir: string): string | null {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const uid = currentUid();
  if (uid === null) return null;
  const problem = ownerOnlyProblem(lstatSync(dir), 'dir', uid);
  if (problem) return `${dir} ${problem}: remove it, or make it yours with mode 0700`;
  chmodSync(dir, 0o700);
  return null;
}
