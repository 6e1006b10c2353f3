/**
 * Throwaway git repositories for tests: every integration test builds its
 * own with `makeRepo`, so this stays small, fast and hermetic.
 *
 *   const r = await makeRepo({ 'app/a.py': 'x = 1\n' });   // committed on `main`
 *   await r.write('app/a.py', 'x = 2\n'); await r.add('app/a.py');
 *   await r.git('status', '--short');                      // stdout as utf8
 *   await r.cleanup();                                     // in an after() hook
 *
 * Hermetic means:
 * - Importing this module removes the variables that point git at a
 *   repository (GIT_DIR, GIT_INDEX_FILE, ...) from process.env. Tests run
 *   from a pre-commit hook (husky) inherit them, and then every git command,
 *   ours and the code's under test, would act on the outer repository.
 * - Git commands run through `git()` ignore the user's and the system's git
 *   config (GIT_CONFIG_GLOBAL=/dev/null, GIT_CONFIG_NOSYSTEM): a global
 *   core.hooksPath, commit.gpgsign or init template cannot leak in. The repo's
 *   own config sets what tests need, so the CLI under test, which reads the
 *   user's config, can also commit there.
 */
import { execFile } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Variables with which git finds a repository other than the one in cwd. */
const REPO_LOCATING = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_COMMON_DIR',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_QUARANTINE_PATH',
  'GIT_NAMESPACE',
  'GIT_PREFIX',
];
for (const key of REPO_LOCATING) delete process.env[key];

const HERMETIC: Record<string, string> = {
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@localhost',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@localhost',
  GIT_TERMINAL_PROMPT: '0',
};

/**
 * Written into each repo's .git/config (cheaper than three `git config`
 * spawns). gc and maintenance are off so no background git outlives a test
 * and races `cleanup()`.
 */
const LOCAL_CONFIG = `[user]
\tname = test
\temail = test@localhost
[commit]
\tgpgsign = false
[tag]
\tgpgsign = false
[core]
\tautocrlf = false
[gc]
\tauto = 0
[maintenance]
\tauto = false
`;

export interface GitOptions {
  /** Written to git's stdin. */
  readonly input?: string;
  /** Added to the environment (e.g. GIT_INDEX_FILE for a temporary index). */
  readonly env?: Record<string, string>;
  /** Resolve with stdout instead of rejecting on a non-zero exit. */
  readonly allowFailure?: boolean;
}

export interface TestRepo {
  /** Absolute, symlinks resolved (as `git rev-parse --show-toplevel` prints it). */
  readonly root: string;
  /** Writes a file (utf8 for strings), creating parent directories. */
  write(path: string, content: string | Buffer): Promise<void>;
  /** Deletes a file or directory from disk (not from the index); absent is fine. */
  remove(path: string): Promise<void>;
  /** Runs git in root; the last argument may be GitOptions. Resolves with stdout as utf8. */
  git(...args: Array<string | GitOptions>): Promise<string>;
  /** `git add -- <paths>`; with no paths, `git add -A`. */
  add(...paths: string[]): Promise<void>;
  /** Commits what is staged, skipping hooks (`--no-verify`); test a hook with `git('commit', ...)`. */
  commit(message: string): Promise<void>;
  cleanup(): Promise<void>;
}

/**
 * Runs git in `cwd` without a shell, hermetically (see the module comment);
 * the last argument may be GitOptions. Rejects with git's stderr on failure.
 */
export async function git(cwd: string, ...args: Array<string | GitOptions>): Promise<string> {
  const last = args[args.length - 1];
  const opts: GitOptions = typeof last === 'object' ? (args.pop() as GitOptions) : {};
  const argv = args as string[];
  const r = await gitResult(cwd, argv, opts);
  if (r.code !== 0 && !opts.allowFailure) throw new Error(`git ${argv.join(' ')} (in ${cwd}, exit ${r.code}): ${r.stderr.trim()}`);
  return r.stdout;
}

export interface GitResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Like `git()`, but resolves with the exit code and both streams whatever
 * the outcome: for commands whose failure is the point (a refused commit).
 */
export function gitResult(cwd: string, args: readonly string[], opts: GitOptions = {}): Promise<GitResult> {
  return new Promise((resolve) => {
    const child = execFile('git', [...args], { cwd, env: { ...process.env, ...HERMETIC, ...opts.env }, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 128) : 0, stdout, stderr });
    });
    child.stdin?.on('error', () => {});
    child.stdin?.end(opts.input ?? '');
  });
}

/**
 * A repository in a fresh temp dir on branch `main`, holding `files` (paths
 * relative to the root, parents created), all staged and committed as
 * "initial" unless `commit: false`. With no files nothing is committed
 * either way: the repository has no HEAD yet.
 */
export async function makeRepo(files: Record<string, string | Buffer>, opts: { commit?: boolean } = {}): Promise<TestRepo> {
  // realpath: tmpdir may be a symlink (macOS /var -> /private/var) and git prints resolved paths.
  const root = await realpath(await mkdtemp(join(tmpdir(), 'ssot-guard-test-')));
  await git(root, 'init', '-q', '-b', 'main');
  await appendFile(join(root, '.git', 'config'), LOCAL_CONFIG);
  const repo: TestRepo = {
    root,
    write: async (path, content) => {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), content);
    },
    remove: (path) => rm(join(root, path), { recursive: true, force: true }),
    git: (...args) => git(root, ...args),
    add: async (...paths) => void (await (paths.length ? git(root, 'add', '--', ...paths) : git(root, 'add', '-A'))),
    commit: async (message) => void (await git(root, 'commit', '-q', '--no-verify', '-m', message)),
    // Retries: a daemon or git child of the test may still be writing as we delete.
    cleanup: () => rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 }),
  };
  const entries = Object.entries(files);
  await Promise.all(entries.map(([path, content]) => repo.write(path, content)));
  if (entries.length) {
    await repo.add();
    if (opts.commit !== false) await repo.commit('initial');
  }
  return repo;
}

/**
 * A makeRepo that remembers what it made, for one `after(cleanup)` per file:
 *
 *   const repos = tempRepos();
 *   after(() => repos.cleanup());
 *   const r = await repos.make({ 'a.py': '' });
 */
export function tempRepos(): { make: typeof makeRepo; track(root: string): void; cleanup(): Promise<void> } {
  const roots: string[] = [];
  return {
    make: async (files, opts) => {
      const r = await makeRepo(files, opts);
      roots.push(r.root);
      return r;
    },
    /** Another directory to delete with the repos (e.g. a `git worktree add` target). */
    track: (root) => void roots.push(root),
    cleanup: async () => {
      await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 })));
    },
  };
}
