import type { DaemonStatus } from '../daemon/protocol.js';
import { EXIT, UsageError } from './exit-codes.js';
import { parseCommandArgs } from './command-args.js';
import { COMMAND_USAGE } from './usage.js';
import { didYouMean, nearestNames } from '../text/nearest-names.js';

const DAEMON_COMMANDS = ['start', 'stop', 'status', 'restart'];
const START_TIMEOUT_MS = 5000;
const STOP_TIMEOUT_MS = 5000;
const POLL_MS = 25;

/** `ssot-guard daemon start|stop|status|restart` (and the hidden `run`, the server itself). */
export async function runDaemonCommand(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs({ name: 'daemon', usage: COMMAND_USAGE.daemon, options: { format: { type: 'string' } }, positionals: true }, argv);
  if (!parsed) return EXIT.ok;
  const { values, positionals } = parsed;
  const [sub, ...extra] = positionals;
  if (extra.length) throw new UsageError(`"ssot-guard daemon ${sub}" takes no argument: ${extra.join(' ')}`, EXIT.usage, COMMAND_USAGE.daemon);
  const json = values.format === 'json';
  if (values.format !== undefined && values.format !== 'text' && values.format !== 'json') throw new UsageError(`unknown --format "${values.format}" (text, json)`);
  switch (sub) {
    case 'run': {
      const { runDaemon } = await import('../daemon/daemon.js');
      const outcome = await runDaemon(process.cwd());
      // Launched in the background, stderr is the log, which already has the line.
      if (outcome.code !== 0 || process.stderr.isTTY) process.stderr.write(`ssot-guard daemon: ${outcome.message}\n`);
      return outcome.code;
    }
    case 'start':
      return start(json);
    case 'stop':
      return stop(json);
    case 'restart': {
      const stopped = await stop(json, true);
      return stopped === EXIT.ok ? start(json) : stopped;
    }
    case 'status':
      return status(json);
    default:
      throw new UsageError(
        sub ? `unknown daemon command "${sub}"${didYouMean(nearestNames(sub, DAEMON_COMMANDS))} (${DAEMON_COMMANDS.join(', ')})` : `daemon needs a command: ${DAEMON_COMMANDS.join(', ')}`,
        EXIT.usage,
        COMMAND_USAGE.daemon,
      );
  }
}

/** Where the state says the daemon listens, and the secret it must prove it knows (none in an older version's state). */
interface Target {
  readonly socket: string;
  readonly secret: string | undefined;
}

async function locate() {
  const [{ findRepo }, { daemonPaths }, { readTrustedState }, { probeDaemon }] = await Promise.all([
    import('../client/find-repo.js'),
    import('../daemon/paths.js'),
    import('../daemon/state-file.js'),
    import('../client/probe-daemon.js'),
  ]);
  const { packageVersion } = await import('../config/package-version.js');
  const repo = await findRepo(process.cwd(), 5000);
  if (!repo) throw new UsageError(`not a git work tree: ${process.cwd()}`);
  const paths = daemonPaths(repo.root, repo.gitDir);
  const state = () => {
    const read = readTrustedState(paths.state);
    return 'state' in read ? read.state : null;
  };
  /** Why the state cannot be this user's alone (a directory another user can write), or null. */
  const untrusted = (): string | null => {
    const read = readTrustedState(paths.state);
    return 'reason' in read && read.reason !== 'no daemon state file' ? read.reason : null;
  };
  // Our version, so the status says whether this CLI would find the daemon stale (the daemon reads the config itself);
  // the state's secret, so only the daemon it names can answer.
  const target = (): Target => {
    const s = state();
    return { socket: s?.socket ?? paths.socket, secret: s?.secret || undefined };
  };
  const probe = (ms = 1000) => {
    const t = target();
    return probeDaemon(t.socket, ms, packageVersion(), t.secret);
  };
  return { repo, paths, probe, target, state, untrusted, version: packageVersion() };
}

async function start(json: boolean): Promise<number> {
  const { repo, paths, probe, target } = await locate();
  const { launchDaemon } = await import('../client/launch-daemon.js');
  const before = await probe();
  if (before.state === 'alive' && before.status.root !== repo.root) {
    // A state copied with the repository (or edited): the daemon it names serves another worktree. Ours replaces the state.
  } else if (before.state === 'alive' && !before.status.stale) {
    print(json, { running: true, started: false, pid: before.status.pid, socket: paths.socket }, `ssot-guard daemon already running (pid ${before.status.pid}, socket ${paths.socket})`);
    return EXIT.ok;
  }
  else if (before.state === 'alive') {
    // Another version or config: stop it, so the daemon we start is the one that answers.
    await stopAndWait(target(), before.status.pid);
  }
  const { pidAlive } = await import('../daemon/state-file.js');
  let child: number | undefined;
  try {
    child = launchDaemon(repo);
  } catch (err) {
    throw new UsageError((err as Error).message, EXIT.internal);
  }
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const now = await probe(500);
    if (now.state === 'alive' && !now.status.stale && now.status.root === repo.root) {
      print(json, { running: true, started: true, pid: now.status.pid, socket: paths.socket }, `ssot-guard daemon started (pid ${now.status.pid}, socket ${paths.socket})`);
      return EXIT.ok;
    }
    // It exited without anyone answering (bad config, cannot bind): say why now rather than after the timeout.
    if (child === undefined || !pidAlive(child)) break;
    if (Date.now() > deadline) break;
    await pause(POLL_MS);
  }
  const tail = await logTail(paths.log);
  const what = child !== undefined && !pidAlive(child) ? 'the daemon exited' : `the daemon did not answer within ${START_TIMEOUT_MS / 1000} s`;
  throw new UsageError(`${what}; its log (${paths.log}) ends with:\n${tail}`, EXIT.internal);
}

async function stop(json: boolean, quietIfNotRunning = false): Promise<number> {
  const { repo, paths, probe, target, state, untrusted } = await locate();
  const [{ pidAlive }, { removeFile }] = await Promise.all([import('../daemon/state-file.js'), import('../fs/owned-file-sync.js')]);
  const distrust = untrusted();
  if (distrust) {
    // No daemon of ours runs there (it refuses to), and what the state names is no one we may stop or signal.
    throw new UsageError(`not stopping anything: ${distrust}`, EXIT.internal);
  }
  const found = await probe();
  let pid: number | undefined;
  if (found.state === 'alive' && found.status.root !== repo.root) {
    // The state names a daemon that serves another worktree (the state was copied with the repository, or edited): not ours to stop.
    const named = target().socket;
    removeFile(paths.state);
    const text = `ssot-guard daemon not running for this worktree: ${paths.state} named ${named}, the daemon of ${found.status.root} (pid ${found.status.pid}); left that one running and removed the state file`;
    if (!quietIfNotRunning) print(json, { running: false, stopped: false, foreign: { root: found.status.root, pid: found.status.pid } }, text);
    return EXIT.ok;
  }
  if (found.state === 'unproven') {
    throw new UsageError(`not stopping anything: ${found.reason} (${paths.state} names ${target().socket})`, EXIT.internal);
  }
  if (found.state === 'alive') {
    pid = found.status.pid;
    await stopAndWait(target(), pid);
  } else if (found.state === 'unresponsive') {
    // Hung: it will not hear a stop request. Signal it only when it is provably our daemon (pids get reused).
    pid = state()?.pid;
    if (pid !== undefined && pidAlive(pid)) {
      const { isOurDaemon } = await import('../daemon/own-daemon.js');
      if (!(await isOurDaemon(pid, repo.root))) {
        throw new UsageError(`${paths.socket} does not answer, and pid ${pid} named in ${paths.state} is not the ssot-guard daemon of this worktree (pids get reused): not signalling it`, EXIT.internal);
      }
      process.kill(pid, 'SIGTERM');
      await waitFor(() => !pidAlive(pid!), STOP_TIMEOUT_MS);
    }
  }
  if (pid !== undefined && pidAlive(pid)) throw new UsageError(`daemon pid ${pid} did not stop within ${STOP_TIMEOUT_MS / 1000} s`, EXIT.internal);
  if (found.state === 'absent' || found.state === 'refused') {
    // A crashed daemon's leftovers, if any.
    removeFile(paths.state);
    if (found.state === 'refused') removeFile(paths.socket);
    if (!quietIfNotRunning) print(json, { running: false, stopped: false }, 'ssot-guard daemon not running');
    return EXIT.ok;
  }
  print(json, { running: false, stopped: true, pid }, `ssot-guard daemon stopped (pid ${pid})`);
  return EXIT.ok;
}

async function status(json: boolean): Promise<number> {
  const { repo, paths, probe, target, untrusted, version } = await locate();
  const distrust = untrusted();
  const found = distrust ? null : await probe(2000);
  if (found?.state !== 'alive' || found.status.root !== repo.root) {
    const why =
      found === null
        ? `not trusted: ${distrust}`
        : found.state === 'alive'
          ? `not running for this worktree: ${paths.state} names ${target().socket}, the daemon of ${found.status.root} (pid ${found.status.pid})`
          : found.state === 'unresponsive'
            ? `not answering: ${found.reason}`
            : found.state === 'unproven'
              ? `not trusted: ${found.reason}`
              : 'not running';
    print(json, { running: false, reason: why, socket: paths.socket }, `ssot-guard daemon ${why}`);
    return EXIT.violations;
  }
  const s = found.status;
  const versionNote = s.version !== version ? ` (this CLI is ${version}: the next check restarts it)` : '';
  print(json, { running: true, socket: paths.socket, log: paths.log, ...s }, formatStatus(s, paths.socket, versionNote));
  return EXIT.ok;
}

/** Human status: one fact per line, units spelled out. */
export function formatStatus(s: DaemonStatus, socket: string, versionNote = ''): string {
  const mb = (b: number): string => `${(b / (1024 * 1024)).toFixed(1)} MB`;
  return [
    `ssot-guard daemon running (pid ${s.pid})`,
    `  worktree      ${s.root}`,
    `  socket        ${socket}`,
    `  version       ${s.version}${versionNote}`,
    `  uptime        ${formatDuration(s.uptimeMs)}`,
    `  files indexed ${s.filesIndexed} (${s.factsCached} parsed blobs cached)`,
    `  cache hits    ${s.cacheHits} facts, ${s.verdictHits} of ${s.checks} checks answered from the precomputed verdict`,
    `  memory        ${mb(s.rssBytes)} RSS, ${mb(s.heapUsedBytes)} heap`,
    `  last check    ${s.lastCheckMs === null ? 'none yet' : `${s.lastCheckMs} ms`}`,
    ...(s.stale ? [`  stale         ${s.stale}`] : []),
  ].join('\n');
}

export function formatDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

/** Asks the daemon the state names to stop (it proves itself when the state has a secret), then waits for its pid to exit. */
async function stopAndWait(target: Target, pid: number): Promise<void> {
  const [{ sendRequest }, { PROTOCOL_VERSION }, { pidAlive }] = await Promise.all([
    import('../client/send-request.js'),
    import('../daemon/protocol.js'),
    import('../daemon/state-file.js'),
  ]);
  try {
    await sendRequest(target.socket, { id: `stop-${process.pid}`, v: PROTOCOL_VERSION, toolVersion: '', method: 'stop' }, 2000, target.secret);
  } catch {
    // It answered status a moment ago as this worktree's daemon; signal it only if it still provably is (pids get reused).
    const [{ isOurDaemon }, { findRepo }] = await Promise.all([import('../daemon/own-daemon.js'), import('../client/find-repo.js')]);
    const repo = await findRepo(process.cwd(), 5000);
    if (repo && pidAlive(pid) && (await isOurDaemon(pid, repo.root))) process.kill(pid, 'SIGTERM');
  }
  await waitFor(() => !pidAlive(pid), STOP_TIMEOUT_MS);
}

/** Bounded poll for a condition no event reports (another process exiting). */
async function waitFor(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await pause(POLL_MS);
  }
  return true;
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function logTail(file: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  try {
    return (await readFile(file, 'utf8')).trimEnd().split('\n').slice(-10).join('\n');
  } catch {
    return '(no log)';
  }
}

function print(json: boolean, data: Record<string, unknown>, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${text}\n`);
}
