import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

/** What the fast path needs to find the daemon: two absolute paths. */
export interface ClientRepo {
  readonly root: string;
  readonly gitDir: string;
}

/** Variables with which git locates a repository other than by walking up from cwd. */
const LOCATING = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_COMMON_DIR', 'GIT_CEILING_DIRECTORIES', 'GIT_DISCOVERY_ACROSS_FILESYSTEM'];

/**
 * The work tree containing `cwd`, or null outside one (the in-process path
 * reports that). Found the way git discovers a repository, by walking up to a
 * `.git` directory or a `.git` file (`gitdir: ...`, linked worktrees and
 * submodules), so the hook spends no process on it. Whenever git could see it
 * differently (a variable that relocates the repository), git is asked. A
 * wrong guess costs speed, never a verdict: the daemon checks the root it is
 * asked about and refuses another.
 */
export async function findRepo(cwd: string, timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<ClientRepo | null> {
  if (LOCATING.some((key) => env[key])) return askGit(cwd, timeoutMs, env);
  const found = walkUp(resolve(cwd));
  return found === undefined ? askGit(cwd, timeoutMs, env) : found;
}

/** Null: no repository up to the filesystem root. Undefined: something git should judge. */
export function walkUp(start: string): ClientRepo | null | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    let isDir: boolean;
    try {
      isDir = statSync(dotGit).isDirectory();
    } catch {
      if (dirname(dir) === dir) return null;
      continue;
    }
    if (isDir) return statSync(join(dotGit, 'HEAD'), { throwIfNoEntry: false })?.isFile() ? { root: dir, gitDir: dotGit } : undefined;
    const gitDir = gitdirOfFile(dotGit);
    return gitDir ? { root: dir, gitDir: isAbsolute(gitDir) ? gitDir : resolve(dir, gitDir) } : undefined;
  }
}

/** `gitdir: <path>` of a `.git` file, or null when it says anything else. */
function gitdirOfFile(file: string): string | null {
  try {
    const m = /^gitdir: (.+?)\r?\n?$/.exec(readFileSync(file, 'utf8'));
    return m ? m[1]! : null;
  } catch {
    return null;
  }
}

/** `git rev-parse --show-toplevel --absolute-git-dir`; child_process is loaded only on this path. */
async function askGit(cwd: string, timeoutMs: number, env: NodeJS.ProcessEnv): Promise<ClientRepo | null> {
  const { execFile } = await import('node:child_process');
  return new Promise((done) => {
    execFile('git', ['rev-parse', '--show-toplevel', '--absolute-git-dir'], { cwd, timeout: timeoutMs, env: { ...env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' } }, (err, stdout) => {
      const [root, gitDir] = err ? [] : stdout.split('\n');
      done(root && gitDir ? { root, gitDir } : null);
    });
  });
}
