import { accessSync, constants, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { runGit } from '../git/run-git.js';

/**
 * A check run by hand in a linked worktree where git would run no pre-commit
 * hook at all: one warning line, because commits there pass unchecked and git
 * says nothing (husky's hooks dir is git-ignored and named by a relative
 * core.hooksPath, so a worktree that never got it has no hooks). A main
 * worktree costs a few stats and no git process; null when the hook is there.
 */
export async function missingHookWarning(cwd: string): Promise<string | null> {
  if (!inLinkedWorktree(cwd)) return null;
  let hook: string;
  try {
    const [, path] = (await runGit(cwd, ['rev-parse', '--show-toplevel', '--git-path', 'hooks/pre-commit'])).toString('utf8').split('\n');
    if (!path) return null;
    hook = resolve(cwd, path);
  } catch {
    return null;
  }
  try {
    accessSync(hook, constants.X_OK);
    if (statSync(hook).isFile()) return null;
  } catch {
    // Not there, or not executable: git skips it (the latter with a hint only when advice.ignoredHook is on).
  }
  return (
    `ssot-guard: warning: git runs no pre-commit hook in this worktree (${hook} is not there), so commits here are not checked.\n` +
    '  Fix: run "ssot-guard init" here (in a JavaScript repository npm ci here does it too: husky\'s prepare creates its hooks dir).'
  );
}

/** Whether cwd is in a linked worktree: the nearest `.git` above it is a file (`gitdir: …`), not a directory. */
function inLinkedWorktree(cwd: string): boolean {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    try {
      return statSync(join(dir, '.git')).isFile();
    } catch {
      if (dirname(dir) === dir) return false;
    }
  }
}
