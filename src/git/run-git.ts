import { spawn } from 'node:child_process';

export interface RunGitOptions {
  /** Written to git's stdin, which is then closed. */
  readonly input?: Buffer | string;
  /** Non-zero exit codes that are answers, not failures (e.g. `rev-parse --verify -q` says 1 for "no HEAD"). */
  readonly allowExit?: readonly number[];
  /** Added to the environment (GIT_INDEX_FILE: judge another index than the worktree's). */
  readonly env?: Readonly<Record<string, string>>;
}

/** A git command that could not run or said no; `exitCode` is null when git never ran or died from a signal. */
export class GitError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

/**
 * The environment every git call gets. GIT_OPTIONAL_LOCKS=0 keeps read-only
 * commands from refreshing (and so locking) the index while the user's own
 * git is running; LC_ALL=C keeps messages parseable. Everything else is
 * inherited on purpose: inside a hook, GIT_INDEX_FILE and GIT_DIR say which
 * index the commit is about.
 */
export function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' };
}

/**
 * Runs git without a shell and resolves with its stdout. Paths travel as
 * arguments or NUL-separated output, so no quoting is ever involved.
 */
export function runGit(cwd: string, args: readonly string[], opts: RunGitOptions = {}): Promise<Buffer> {
  const command = `git ${args.join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: opts.env ? { ...gitEnv(), ...opts.env } : gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    // A missing git or a missing cwd both surface here as ENOENT: name both.
    child.on('error', (e) => reject(new GitError(`cannot run ${command} in ${cwd}: ${e.message}`, null, '')));
    child.on('close', (code, signal) => {
      if (code === 0 || (code !== null && opts.allowExit?.includes(code))) return resolve(Buffer.concat(out));
      const stderr = Buffer.concat(err).toString('utf8').trim();
      const how = code === null ? `killed by ${signal}` : `exit ${code}`;
      reject(new GitError(`${command} failed (${how}) in ${cwd}${stderr ? `: ${stderr}` : ''}`, code, stderr));
    });
    // git may exit before reading its input (e.g. on a usage error): EPIPE is not our failure.
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input);
  });
}
