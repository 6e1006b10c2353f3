import { asBlobSha, asRepoPath, type RepoPath, type Snapshot, type SnapshotEntry } from '../model/index.js';
import type { GitRepo } from './repo.js';
import { runGit } from './run-git.js';

/** HEAD's tree; empty in a repository with no commit yet. */
export async function readHeadSnapshot(repo: GitRepo): Promise<Snapshot> {
  const entries = new Map<RepoPath, SnapshotEntry>();
  const head = await runGit(repo.root, ['rev-parse', '--verify', '-q', 'HEAD^{tree}'], { allowExit: [1, 128] });
  if (head.length) {
    const out = await runGit(repo.root, ['ls-tree', '-r', '-z', '--full-tree', 'HEAD']);
    for (const record of out.toString('utf8').split('\0')) {
      if (!record) continue;
      const tab = record.indexOf('\t');
      const [mode, type, sha] = record.slice(0, tab).split(' ');
      if (type !== 'blob') continue;
      const path = asRepoPath(record.slice(tab + 1));
      entries.set(path, { path, sha: asBlobSha(sha!), mode: mode! });
    }
  }
  return { kind: 'head', entries, unmerged: [] };
}
