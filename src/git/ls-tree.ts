import { asBlobSha, asRepoPath, type RepoPath, type Snapshot, type SnapshotEntry } from '../model/index.js';
import { splitRecords } from './records.js';
import { readHeadTree, type GitRepo } from './repo.js';
import { runGit } from './run-git.js';

/**
 * HEAD's tree; empty in a repository with no commit yet. The listing is of
 * the tree id asked first, not of HEAD again: a commit in between cannot
 * pair one tree's id with another's files (the id is what judgments of this
 * listing are kept under).
 */
export async function readHeadSnapshot(repo: GitRepo): Promise<Snapshot> {
  const tree = await readHeadTree(repo.root);
  if (!tree) return { ...parseLsTree(''), tree: null };
  const listing = await runGit(repo.root, ['ls-tree', '-r', '-z', '--full-tree', tree]);
  return { ...parseLsTree(listing.toString('utf8')), tree };
}

/** `<mode> SP <type> SP <sha> TAB <path> NUL`, recursed, so types are blob or commit (gitlink). */
export function parseLsTree(text: string): Snapshot {
  const entries = new Map<RepoPath, SnapshotEntry>();
  for (const [meta, rawPath] of splitRecords(text, 'ls-tree')) {
    const [mode, type, sha] = meta.split(' ');
    if (!mode || !type || !sha) throw new Error(`unexpected git ls-tree record: ${meta}\t${rawPath}`);
    // A gitlink's sha names a commit in another repository: there is no blob to read.
    if (type !== 'blob') continue;
    const path = asRepoPath(rawPath);
    entries.set(path, { path, sha: asBlobSha(sha), mode });
  }
  return { kind: 'head', entries, unmerged: [] };
}
