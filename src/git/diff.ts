import { asRepoPath, type RepoPath } from '../model/index.js';
import type { GitRepo } from './repo.js';
import { runGit } from './run-git.js';

/** Tracked files whose working copy differs from the index, by git's own stat cache: only these need hashing. */
export async function changedWorktreePaths(repo: GitRepo): Promise<RepoPath[]> {
  const out = await runGit(repo.root, ['diff-files', '--name-only', '-z']);
  return out.toString('utf8').split('\0').filter(Boolean).map(asRepoPath);
}

/** Untracked files that are not ignored. */
export async function untrackedPaths(repo: GitRepo): Promise<RepoPath[]> {
  const out = await runGit(repo.root, ['ls-files', '-z', '--others', '--exclude-standard', '--full-name']);
  return out.toString('utf8').split('\0').filter(Boolean).map(asRepoPath);
}
