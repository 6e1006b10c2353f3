import { isAbsolute, resolve } from 'node:path';
import { asTreeId, type TreeId } from '../model/index.js';
import { GitError, runGit } from './run-git.js';

export interface GitRepo {
  /** Top of the working tree (absolute, as git prints it: symlinks resolved). */
  readonly root: string;
  /** This worktree's git dir (`.git`, or `.git/worktrees/<name>` in a linked worktree). */
  readonly gitDir: string;
  /** Shared by all worktrees: where the fact cache lives. */
  readonly commonDir: string;
  /** False in a fresh repository (unborn branch). Only true as of openRepo: a daemon must re-ask. */
  readonly hasHead: boolean;
  /** HEAD's tree as of openRepo (null: no commit yet): a check made at once need not ask again. */
  readonly headTree: TreeId | null;
}

/**
 * Locates the repository containing `cwd`. On the pre-commit path every
 * spawn is latency the user waits for (and a fork of this process costs it
 * a millisecond or two): the usual case, a repository with a commit, is one
 * git process. When that fails (no commit yet, or no repository) the two
 * questions are asked apart, in parallel, to tell which.
 */
export async function openRepo(cwd: string): Promise<GitRepo> {
  const both = await runGit(cwd, ['rev-parse', '--show-toplevel', '--absolute-git-dir', '--git-common-dir', 'HEAD^{tree}', '--']).catch(() => null);
  // rev-parse has no -z: a path containing a newline cannot be told apart here (nor below); the trailing `--` is echoed back.
  const [root, gitDir, common, tree, end] = both?.toString('utf8').split('\n') ?? [];
  if (root && gitDir && common && tree && /^[0-9a-f]{40,64}$/.test(tree) && end === '--') {
    return repoAt(cwd, root, gitDir, common, asTreeId(tree));
  }
  return openRepoApart(cwd);
}

/**
 * HEAD's tree id, or null in a repository with no commit yet (for openRepo,
 * from any directory of the worktree). Asked on every call rather than
 * trusting `repo.hasHead`, which a daemon's first commit makes stale.
 */
export async function readHeadTree(cwd: string): Promise<TreeId | null> {
  const out = (await runGit(cwd, ['rev-parse', '--verify', '-q', 'HEAD^{tree}'], { allowExit: [1] })).toString('utf8').trim();
  return out ? asTreeId(out) : null;
}

async function openRepoApart(cwd: string): Promise<GitRepo> {
  const paths = runGit(cwd, ['rev-parse', '--show-toplevel', '--absolute-git-dir', '--git-common-dir']);
  const head = readHeadTree(cwd);
  // Outside a repository both fail, in either order: the second must not surface as an unhandled rejection.
  head.catch(() => {});
  let out: string;
  try {
    out = (await paths).toString('utf8');
  } catch (err) {
    throw notARepository(cwd, err);
  }
  const [root, gitDir, common] = out.split('\n');
  const tree = await head;
  if (!root || !gitDir || !common) throw new Error(`not a git repository: ${cwd} (unexpected git rev-parse output)`);
  return repoAt(cwd, root, gitDir, common, tree);
}

function repoAt(cwd: string, root: string, gitDir: string, common: string, tree: TreeId | null): GitRepo {
  return {
    root,
    gitDir,
    // --git-common-dir prints a path relative to cwd when it can (`../../.git` from a subdirectory).
    commonDir: isAbsolute(common) ? common : resolve(cwd, common),
    hasHead: tree !== null,
    headTree: tree,
  };
}

function notARepository(cwd: string, err: unknown): Error {
  // exitCode null: git never ran (not installed, or cwd does not exist).
  const said = err instanceof GitError ? (err.exitCode === null ? err.message : err.stderr) : String(err);
  // git's own "not a git repository" needs no gloss; anything else (a bare
  // repository, safe.directory refusing another user's checkout) is the fix the user needs.
  if (!said || /not a git repository/i.test(said)) return new Error(`not a git repository: ${cwd}`);
  return new Error(`not a git repository: ${cwd} (${said.replace(/^fatal: /, '')})`);
}
