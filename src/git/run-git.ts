import { spawn } from 'node:child_process';

export interface RunGitOptions {
  readonly input?: Buffer | string;
  /** Non-zero exit codes that are answers, not failures (e.g. `rev-parse --verify -q` says 1 for "no HEAD"). */
  readonly allowExit?: readonly number[];
}

export class GitError extends Error {
  constructor(message: string, readonly exitCode: number | null) {
    super(message);
  }
}

/**
 * The environment every git call gets. GIT_OPTIONAL_LOCKS=0 keeps read-only
 * commands from refreshing (and so locking) the index while the user's own
 * git is running; LC_ALL=C keeps messages parseable.
 */
export function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' };
}

/** Runs git without a shell; paths travel as arguments or NUL-separated output, never through a shell. */
export function runGit(cwd: string, args: readonly string[], opts: RunGitOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject(new GitError(`cannot run git: ${e.message}`, null)));
    child.on('close', (code) => {
      if (code === 0 || (code !== null && opts.allowExit?.includes(code))) resolve(Buffer.concat(out));
      else reject(new GitError(`git ${args.join(' ')} failed (exit ${code}): ${Buffer.concat(err).toString('utf8').trim()}`, code));
    });
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? undefined);
  });
}
