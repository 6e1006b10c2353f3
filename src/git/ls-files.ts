import { asBlobSha, asRepoPath, type RepoPath, type Snapshot, type SnapshotEntry } from '../model/index.js';
import type { GitRepo } from './repo.js';
import { runGit } from './run-git.js';

/**
 * The index as the commit will record it: `<mode> <sha> <stage>\t<path>\0`.
 * With -z, paths are raw bytes, never quoted.
 */
export async function readStagedSnapshot(repo: GitRepo): Promise<Snapshot> {
  const out = await runGit(repo.root, ['ls-files', '-s', '-z', '--full-name']);
  return parseLsFilesStage(out.toString('utf8'));
}

export function parseLsFilesStage(text: string): Snapshot {
  const entries = new Map<RepoPath, SnapshotEntry>();
  const unmerged = new Set<RepoPath>();
  for (const record of text.split('\0')) {
    if (!record) continue;
    const tab = record.indexOf('\t');
    const [mode, sha, stage] = record.slice(0, tab).split(' ');
    const path = asRepoPath(record.slice(tab + 1));
    if (stage !== '0') {
      unmerged.add(path);
      // During a conflict, judge "ours" (stage 2): what the user had before the merge.
      if (stage !== '2') continue;
    }
    entries.set(path, { path, sha: asBlobSha(sha!), mode: mode! });
  }
  return { kind: 'staged', entries, unmerged: [...unmerged] };
}
