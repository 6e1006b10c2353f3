import { asRepoPath, type RepoPath } from '../model/index.js';
import type { GitRepo } from './repo.js';
import { runGit } from './run-git.js';

/**
 * Tracked files whose working copy may differ from the index, judged by
 * git's stat cache: only these need hashing. A superset: a file merely
 * touched is listed (with GIT_OPTIONAL_LOCKS=0 git does not refresh the
 * index). Deleted files are listed too, and unmerged paths appear twice in
 * git's output (once as unmerged, once against stage 2), hence the dedupe.
 */
export async function changedWorktreePaths(repo: GitRepo): Promise<RepoPath[]> {
  const out = await runGit(repo.root, ['diff-files', '--name-only', '-z']);
  return nulList(out);
}

/** Untracked files that are not ignored. */
export async function untrackedPaths(repo: GitRepo): Promise<RepoPath[]> {
  const out = await runGit(repo.root, ['ls-files', '-z', '--others', '--exclude-standard', '--full-name']);
  return nulList(out);
}

function nulList(out: Buffer): RepoPath[] {
  return [...new Set(out.toString('utf8').split('\0'))].filter(Boolean).map(asRepoPath);
}
