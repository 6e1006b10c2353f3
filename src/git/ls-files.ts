import { asBlobSha, asRepoPath, GITLINK, type RepoPath, type Snapshot, type SnapshotEntry } from '../model/index.js';
import { splitRecords } from './records.js';
import type { GitRepo } from './repo.js';
import { runGit } from './run-git.js';

/**
 * The index as the commit will record it. Inside a hook git exports
 * GIT_INDEX_FILE, which runGit passes on: `git commit -a` and
 * `git commit <paths>` judge a temporary index, not `.git/index`. The daemon,
 * which has no such variable, is told the file (`indexFile`).
 */
export async function readStagedSnapshot(repo: GitRepo, indexFile?: string): Promise<Snapshot> {
  const out = await runGit(repo.root, ['ls-files', '-s', '-z', '--full-name'], indexFile ? { env: { GIT_INDEX_FILE: indexFile } } : {});
  return parseLsFilesStage(out.toString('utf8'));
}

/**
 * `<mode> SP <sha> SP <stage> TAB <path> NUL`; with -z paths are raw bytes,
 * never quoted, so a path may hold a tab or a newline: split at the first tab only.
 */
export function parseLsFilesStage(text: string): Snapshot {
  const entries = new Map<RepoPath, SnapshotEntry>();
  const unmerged = new Set<RepoPath>();
  for (const [meta, rawPath] of splitRecords(text, 'ls-files -s')) {
    const [mode, sha, stage] = meta.split(' ');
    if (!mode || !sha || !stage) throw new Error(`unexpected git ls-files -s record: ${meta}\t${rawPath}`);
    const path = asRepoPath(rawPath);
    if (stage !== '0') {
      unmerged.add(path);
      // During a conflict, judge "ours" (stage 2): what the user had before the
      // merge. A path deleted on our side has no stage 2 and so no entry.
      if (stage !== '2') continue;
    }
    // A gitlink's sha names a commit in another repository: there is no blob to read.
    if (mode === GITLINK) continue;
    entries.set(path, { path, sha: asBlobSha(sha), mode });
  }
  return { kind: 'staged', entries, unmerged: [...unmerged] };
}
