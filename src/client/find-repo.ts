import { execFile } from 'node:child_process';

/** What the fast path needs to find the daemon: two absolute paths, from one git process. */
export interface ClientRepo {
  readonly root: string;
  readonly gitDir: string;
}

/** `git rev-parse --show-toplevel --absolute-git-dir`, or null outside a work tree (the in-process path reports that). */
export function findRepo(cwd: string, timeoutMs: number): Promise<ClientRepo | null> {
  return new Promise((resolve) => {
    execFile('git', ['rev-parse', '--show-toplevel', '--absolute-git-dir'], { cwd, timeout: timeoutMs, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' } }, (err, stdout) => {
      const [root, gitDir] = err ? [] : stdout.split('\n');
      resolve(root && gitDir ? { root, gitDir } : null);
    });
  });
}
