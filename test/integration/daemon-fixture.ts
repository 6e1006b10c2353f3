import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { makeRepo, type TestRepo } from '../helpers/repo-fixture.js';
import { checkJson, runCli } from '../helpers/run-cli.js';
import { baseFiles } from '../helpers/python-repo.js';
import { daemonPaths, type DaemonPaths } from '../../src/daemon/paths.js';
import { pidAlive, readState, writeState } from '../../src/daemon/state-file.js';
import { fileHash } from '../../src/daemon/identity.js';
import { packageVersion } from '../../src/config/package-version.js';
import { probeDaemon } from '../../src/client/probe-daemon.js';
import { PROTOCOL_VERSION, type DaemonEvent, type DaemonStatus } from '../../src/daemon/protocol.js';
import { subscribe } from '../../src/client/send-request.js';
import { openRepo } from '../../src/git/repo.js';
import { loadRepoConfig } from '../../src/cli/load-repo-config.js';
import { judgmentsFile } from '../../src/session/open-session.js';
import { loadJudgments } from '../../src/judgment/judgment-file.js';

/**
 * Daemons allowed (run-cli disables them by default), with a short idle exit
 * as a safety net should a test die before its teardown.
 */
export const DAEMON_ENV: Record<string, string> = { SSOT_GUARD_NO_DAEMON: '', SSOT_GUARD_IDLE_MS: '90000' };

export interface DaemonRepo extends TestRepo {
  readonly gitDir: string;
  readonly paths: DaemonPaths;
}

/** Every repo and worktree root a test made: teardown stops every daemon serving one. */
const roots: Array<{ root: string; gitDir: string }> = [];
const cleanups: Array<() => Promise<void>> = [];

export async function daemonRepo(files: Record<string, string> = baseFiles()): Promise<DaemonRepo> {
  const r = await makeRepo(files);
  cleanups.push(() => r.cleanup());
  return track(r, join(r.root, '.git'));
}

export function track<T extends TestRepo>(r: T, gitDir: string): T & DaemonRepo {
  roots.push({ root: r.root, gitDir });
  return Object.assign(r, { gitDir, paths: daemonPaths(r.root, gitDir) });
}

export function onCleanup(fn: () => Promise<void>): void {
  cleanups.push(fn);
}

export const check = (r: { root: string }, env: Record<string, string> = {}) => checkJson(r.root, '--staged', { ...DAEMON_ENV, ...env });
export const inProcess = (r: { root: string }) => checkJson(r.root, '--staged', { SSOT_GUARD_NO_DAEMON: '1' });
export const cli = (r: { root: string }, args: string[], env: Record<string, string> = {}, cwd: string = r.root) => runCli(cwd, args, { ...DAEMON_ENV, ...env });

export async function status(r: DaemonRepo): Promise<DaemonStatus | null> {
  const socket = readState(r.paths.state)?.socket ?? r.paths.socket;
  const p = await probeDaemon(socket, 1000);
  return p.state === 'alive' ? p.status : null;
}

/**
 * Bounded poll for a condition that another process brings about and that
 * sends us no event (a daemon launched in the background becoming ready).
 */
export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

/** Waits for a running daemon, optionally a different one than `notPid`. */
export const daemonUp = (r: DaemonRepo, notPid?: number) =>
  until(`a daemon for ${r.root}${notPid ? ` other than ${notPid}` : ''}`, async () => {
    const s = await status(r);
    return s && s.pid !== notPid ? s : null;
  });

/** pids of `daemon run` processes whose working directory is one of our roots (Linux /proc). */
export function daemonPidsUnder(rootsToFind: readonly string[]): number[] {
  const out: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const argv = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0');
      if (!(argv.includes('daemon') && argv.includes('run'))) continue;
      const cwd = readlinkSync(`/proc/${e}/cwd`);
      if (rootsToFind.some((root) => cwd === root || cwd.startsWith(`${root}/`))) out.push(Number(e));
    } catch {
      // Exited meanwhile.
    }
  }
  return out;
}

/**
 * Teardown: stop every daemon of every repo this file made, then make sure no
 * `daemon run` process is left under them (SIGKILL as the last resort), then
 * delete the repos.
 */
export async function stopAllDaemons(): Promise<void> {
  // At once: each stop is mostly waiting (a process start, a daemon's exit), and a file may have made dozens of repos.
  await Promise.all(roots.map(({ root }) => runCli(root, ['daemon', 'stop'], DAEMON_ENV).catch(() => {})));
  const stragglers = daemonPidsUnder(roots.map((r) => r.root));
  for (const pid of stragglers) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Gone.
    }
  }
  await until('daemons to exit', () => stragglers.every((p) => !pidAlive(p)), 5000).catch(() => {
    for (const pid of stragglers) if (pidAlive(pid)) process.kill(pid, 'SIGKILL');
  });
  for (const c of cleanups.splice(0).reverse()) await c();
}

/**
 * What a crashed daemon leaves: a real socket inode nobody listens on (its
 * process was SIGKILLed right after listen, so nothing unlinked it) and a
 * state file naming the dead pid. Returns that pid.
 */
export async function leaveDeadSocket(r: DaemonRepo): Promise<number> {
  const dead = spawn(process.execPath, [
    '-e',
    `require('node:fs').mkdirSync(${JSON.stringify(r.paths.dir)},{recursive:true,mode:0o700});require('node:net').createServer().listen(${JSON.stringify(r.paths.socket)},()=>process.kill(process.pid,'SIGKILL'))`,
  ]);
  await new Promise((res) => dead.on('exit', res));
  writeState(r.paths.state, { pid: dead.pid!, socket: r.paths.socket, version: packageVersion(), configHash: fileHash(r.paths.config)!, startedAt: '', secret: randomBytes(32).toString('hex') });
  return dead.pid!;
}

/** Subscribes to a running daemon's pushed verdicts; `verdicts(snapshot)` lists those received so far, oldest first. */
export async function subscribeVerdicts(r: DaemonRepo) {
  const events: DaemonEvent[] = [];
  const sub = await subscribe(
    r.paths.socket,
    { id: 1, v: PROTOCOL_VERSION, toolVersion: packageVersion(), method: 'subscribe' },
    (e) => events.push(e),
    5000,
  );
  onCleanup(async () => sub.close());
  const verdicts = (snapshot: string) => events.flatMap((e) => (e.event === 'verdict' && e.result.snapshot === snapshot ? [e.result] : []));
  return { verdicts, close: () => sub.close() };
}

/**
 * A daemon that accepts and never answers: a server on the socket path that
 * holds every connection, and a state file naming `pid` (closed at teardown).
 * `held` lists the connections it got.
 */
export async function hangSocket(r: DaemonRepo, pid: number): Promise<{ readonly held: readonly Socket[] }> {
  await mkdir(r.paths.dir, { recursive: true, mode: 0o700 });
  const held: Socket[] = [];
  const hung = createServer((s) => held.push(s));
  await new Promise<void>((res) => hung.listen(r.paths.socket, res));
  onCleanup(async () => {
    for (const s of held) s.destroy();
    hung.close();
  });
  writeState(r.paths.state, { pid, socket: r.paths.socket, version: packageVersion(), configHash: fileHash(r.paths.config)!, startedAt: '', secret: randomBytes(32).toString('hex') });
  return { held };
}

/** The tree the judgments on disk are of. */
export async function keptHeadTree(r: { root: string }): Promise<string | undefined> {
  const repo = await openRepo(r.root);
  const config = await loadRepoConfig(repo.root, join(repo.root, 'ssot-guard.config.json'));
  const { file, key } = judgmentsFile(repo, config);
  return (await loadJudgments(file, key, config))?.head?.tree;
}
