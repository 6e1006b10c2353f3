import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface GitOptions {
  readonly input?: string;
  readonly env?: Record<string, string>;
  /** Resolve with the result instead of rejecting on a non-zero exit. */
  readonly allowFailure?: boolean;
}

export interface TestRepo {
  readonly root: string;
  write(path: string, content: string | Buffer): Promise<void>;
  remove(path: string): Promise<void>;
  git(...args: Array<string | GitOptions>): Promise<string>;
  add(...paths: string[]): Promise<void>;
  commit(message: string): Promise<void>;
  cleanup(): Promise<void>;
}

const IDENTITY = { GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@localhost', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@localhost' };

/** Runs git in `cwd` without a shell; the last argument may be options (stdin, env). */
export function git(cwd: string, ...args: Array<string | GitOptions>): Promise<string> {
  const last = args[args.length - 1];
  const opts: GitOptions = typeof last === 'object' ? (args.pop() as GitOptions) : {};
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args as string[],
      { cwd, env: { ...process.env, ...IDENTITY, ...opts.env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err && !opts.allowFailure) reject(new Error(`git ${args.join(' ')}: ${stderr || err.message}`));
        else resolve(stdout);
      },
    );
    // git may exit without reading stdin; that is not an error of the test.
    child.stdin?.on('error', () => {});
    child.stdin?.end(opts.input ?? '');
  });
}

/** A throwaway repository with these files, committed unless `commit: false`. */
export async function makeRepo(files: Record<string, string | Buffer>, opts: { commit?: boolean } = {}): Promise<TestRepo> {
  // realpath: on some systems tmpdir is a symlink and git prints the resolved path.
  const root = await realpath(await mkdtemp(join(tmpdir(), 'ssot-guard-test-')));
  await git(root, 'init', '-q', '-b', 'main');
  await git(root, 'config', 'commit.gpgsign', 'false');
  await git(root, 'config', 'core.autocrlf', 'false');
  const repo: TestRepo = {
    root,
    write: async (path, content) => {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), content);
    },
    remove: (path) => rm(join(root, path), { force: true }),
    git: (...args) => git(root, ...args),
    add: async (...paths) => void (await git(root, 'add', '--', ...paths)),
    commit: async (message) => void (await git(root, 'commit', '-q', '--no-verify', '-m', message)),
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
  for (const [path, content] of Object.entries(files)) await repo.write(path, content);
  if (Object.keys(files).length) await git(root, 'add', '-A');
  if (opts.commit !== false && Object.keys(files).length) await repo.commit('initial');
  return repo;
}
