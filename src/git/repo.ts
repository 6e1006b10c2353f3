import { isAbsolute, resolve } from 'node:path';
import { runGit } from './run-git.js';

export interface GitRepo {
  /** Top of the working tree. */
  readonly root: string;
  /** This worktree's git dir (`.git`, or `.git/worktrees/<name>` in a linked worktree). */
  readonly gitDir: string;
  /** Shared by all worktrees: where the fact cache lives. */
  readonly commonDir: string;
  readonly hasHead: boolean;
}

/** One rev-parse for the paths, one for HEAD (absent in a fresh repository). */
export async function openRepo(cwd: string): Promise<GitRepo> {
  let out: string;
  try {
    out = (await runGit(cwd, ['rev-parse', '--show-toplevel', '--absolute-git-dir', '--git-common-dir'])).toString('utf8');
  } catch {
    throw new Error(`not a git repository: ${cwd}`);
  }
  const [root, gitDir, common] = out.split('\n');
  if (!root || !gitDir || !common) throw new Error(`not a git work tree: ${cwd}`);
  const head = await runGit(root, ['rev-parse', '--verify', '-q', 'HEAD'], { allowExit: [1] });
  return {
    root,
    gitDir,
    // --git-common-dir is relative to cwd when git prints it relative.
    commonDir: isAbsolute(common) ? common : resolve(cwd, common),
    hasHead: head.length > 0,
  };
}
