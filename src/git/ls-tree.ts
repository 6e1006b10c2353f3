import { asBlobSha, asRepoPath, type RepoPath, type Snapshot, type SnapshotEntry } from '../model/index.js';
import { splitRecords } from './records.js';
import type { GitRepo } from './repo.js';
import { runGit } from './run-git.js';

/**
 * HEAD's tree; empty in a repository with no commit yet. HEAD is asked for
 * on every call rather than trusting `repo.hasHead`, which a daemon's first
 * commit makes stale. Both commands run at once: ls-tree's failure only
 * matters when HEAD exists.
 */
export async function readHeadSnapshot(repo: GitRepo): Promise<Snapshot> {
  const [head, listing] = await Promise.allSettled([
    runGit(repo.root, ['rev-parse', '--verify', '-q', 'HEAD^{tree}'], { allowExit: [1] }),
    runGit(repo.root, ['ls-tree', '-r', '-z', '--full-tree', 'HEAD']),
  ]);
  if (head.status === 'rejected') throw head.reason;
  if (head.value.length === 0) return parseLsTree('');
  if (listing.status === 'rejected') throw listing.reason;
  return parseLsTree(listing.value.toString('utf8'));
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
