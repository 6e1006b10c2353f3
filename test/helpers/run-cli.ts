import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bin package.json ships, the bundle: dist/test/helpers/run-cli.js -> dist/bundle/cli.cjs */
export const CLI = fileURLToPath(new URL('../../bundle/cli.cjs', import.meta.url));

/**
 * The CLIs a test process starts keep their V8 code cache (launch/) in a
 * directory of its own, removed at exit: never the user's ~/.cache, and no
 * test starts warmer because another ran before it.
 */
const CODE_CACHE_HOME = mkdtempSync(join(tmpdir(), 'ssot-guard-test-cache-'));
process.env['XDG_CACHE_HOME'] = CODE_CACHE_HOME;
process.once('exit', () => rmSync(CODE_CACHE_HOME, { recursive: true, force: true }));

/**
 * This checkout's hook program on PATH, as `npm install -g` puts it there:
 * the hook `ssot-guard init` writes finds the guard in node_modules/.bin or
 * on PATH, and the repositories tests make have no node_modules.
 */
export const GUARD_BIN_DIR = mkdtempSync(join(tmpdir(), 'ssot-guard-test-bin-'));
symlinkSync(fileURLToPath(new URL('../../../hooks/pre-commit', import.meta.url)), join(GUARD_BIN_DIR, 'ssot-guard-pre-commit'));
process.env['PATH'] = `${GUARD_BIN_DIR}${delimiter}${process.env['PATH'] ?? ''}`;
process.once('exit', () => rmSync(GUARD_BIN_DIR, { recursive: true, force: true }));

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the compiled CLI as users do, in-process verdict only unless the env says otherwise. */
export function runCli(cwd: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd, env: { ...process.env, NO_COLOR: '1', SSOT_GUARD_NO_DAEMON: '1', ...env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 3) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export async function checkJson(cwd: string, mode: '--staged' | '--all' | '--worktree', env?: Record<string, string>) {
  const run = await runCli(cwd, ['check', mode, '--format', 'json'], env);
  let json: any;
  try {
    json = JSON.parse(run.stdout);
  } catch {
    throw new Error(`not JSON (exit ${run.code}): ${run.stdout}\n${run.stderr}`);
  }
  return { ...run, json };
}
