import { execFileSync } from 'node:child_process';

/** Fixed identity and dates: the same parameters give the same commit sha. */
const GIT_ENV = {
  GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z',
};

export function git(root: string, args: readonly string[], input?: string): string {
  return execFileSync('git', [...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...GIT_ENV, GIT_TERMINAL_PROMPT: '0' },
  });
}

/**
 * `git init -b main`, add everything, one commit. Plain add/commit: hashing
 * and deflating ~180 MB takes seconds, not the minute that would justify
 * fast-import. gc.auto=0 so no background repack runs during a measurement.
 */
export function commitAll(root: string, message = 'Synthetic monorepo for ssot-guard benchmarks'): string {
  git(root, ['init', '-q', '-b', 'main']);
  git(root, ['config', 'gc.auto', '0']);
  git(root, ['add', '-A']);
  git(root, ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', 'commit', '-q', '--no-verify', '-m', message]);
  return git(root, ['rev-parse', 'HEAD']).trim();
}
