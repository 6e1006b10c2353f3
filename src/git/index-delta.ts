import { asBlobSha, asRepoPath, type BlobSha, type GitMode, type RepoPath, type TreeId } from '../model/index.js';
import type { GitRepo } from './repo.js';
import { runGit } from './run-git.js';

/** One side of a changed path: absent on the side where it was added or deleted. */
export interface DeltaSide {
  readonly mode: GitMode;
  readonly sha: BlobSha;
}

/** A path whose index entry differs from the tree's. */
export interface DeltaEntry {
  readonly path: RepoPath;
  readonly before: DeltaSide | null;
  readonly after: DeltaSide | null;
}

/**
 * How the index differs from a tree (`git diff-index --cached`): the few
 * paths a commit changes, read without listing every file. Null when the
 * index has unmerged paths: those are judged at stage 2, which this output
 * does not give (the caller lists the index instead). Inside a hook
 * GIT_INDEX_FILE, inherited, names the index the commit is about.
 */
export async function readIndexDelta(repo: GitRepo, tree: TreeId): Promise<DeltaEntry[] | null> {
  // Plumbing with no rename detection, full object names, raw NUL-separated records: nothing a user's diff config changes.
  const out = await runGit(repo.root, ['diff-index', '--cached', '-z', '--raw', '--no-renames', '--no-abbrev', tree]);
  return parseDiffIndex(out.toString('utf8'));
}

/**
 * How one tree differs from another (`git diff-tree -r`), in the same
 * records: what the commits between two HEADs changed.
 */
export async function readTreeDelta(repo: GitRepo, from: TreeId, to: TreeId): Promise<DeltaEntry[] | null> {
  const out = await runGit(repo.root, ['diff-tree', '-r', '-z', '--raw', '--no-renames', '--no-abbrev', from, to]);
  return parseDiffIndex(out.toString('utf8'));
}

const ABSENT = /^0+$/;

/** `:<mode> SP <mode> SP <sha> SP <sha> SP <status> NUL <path> NUL` per path; null if any is unmerged (status U). */
export function parseDiffIndex(text: string): DeltaEntry[] | null {
  const fields = text.split('\0');
  const out: DeltaEntry[] = [];
  // The output ends with a NUL, so the last field is empty.
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const meta = fields[i]!;
    const path = fields[i + 1]!;
    const [oldMode, newMode, oldSha, newSha, status] = meta.slice(1).split(' ');
    if (meta[0] !== ':' || !oldMode || !newMode || !oldSha || !newSha || !status || !path) throw new Error(`unexpected git diff-index record: ${JSON.stringify(meta)}`);
    if (status === 'U') return null;
    const side = (mode: string, sha: string): DeltaSide | null => (ABSENT.test(mode) ? null : { mode, sha: asBlobSha(sha) });
    // Copied out of `text` (see records.ts' detached): a kept path must not hold the whole output alive.
    out.push({ path: asRepoPath(` ${path}`.slice(1)), before: side(oldMode, oldSha), after: side(newMode, newSha) });
  }
  return out;
}
