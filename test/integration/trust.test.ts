import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { CLI } from '../helpers/run-cli.js';
import { gitResult, type GitResult } from '../helpers/repo-fixture.js';
import { MIXED } from '../helpers/python-repo.js';
import { startFakeDaemon } from '../helpers/fake-daemon.js';
import { askDaemon } from '../../src/client/ask-daemon.js';
import { packageVersion } from '../../src/config/package-version.js';
import { fileHash } from '../../src/daemon/identity.js';
import { writeState, type DaemonState } from '../../src/daemon/state-file.js';
import { DAEMON_ENV, check, cli, daemonRepo, daemonUp, onCleanup, status, stopAllDaemons, type DaemonRepo } from './daemon-fixture.js';

after(stopAllDaemons);

const HOOKS_DIR = join(dirname(CLI), '..', '..', 'hooks');
const secret = () => randomBytes(32).toString('hex');

/** A repo whose staged factory mixes the patterns, with the package's hook wired: every commit here must be refused. */
async function mixedRepo(): Promise<DaemonRepo> {
  const r = await daemonRepo();
  await r.git('config', 'core.hooksPath', HOOKS_DIR);
  await r.write('app/factory.py', MIXED);
  await r.add('app/factory.py');
  return r;
}

/** `git commit` through the hook, killed if it outlives `limitMs` (a hang is a failure, not a stuck suite). */
function commit(r: DaemonRepo, limitMs = 30_000, env: Record<string, string> = {}): Promise<GitResult & { ms: number; killed: boolean }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = execFile('git', ['commit', '-q', '-m', 'mix'], { cwd: r.root, env: { ...process.env, ...DAEMON_ENV, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', ...env }, timeout: limitMs, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      const killed = !!err && (err as { killed?: boolean }).killed === true;
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 128) : 0, stdout, stderr, ms: Date.now() - started, killed });
    });
    child.stdin?.end();
  });
}

const stateOf = (r: DaemonRepo, socket: string, key: string, pid = process.pid): DaemonState => ({
  pid,
  socket,
  version: packageVersion(),
  configHash: fileHash(r.paths.config)!,
  startedAt: '',
  secret: key,
});

describe('trust: a verdict only from a daemon proven to be ours', () => {
  it('a fake daemon (another process) at the socket the state names, answering "clean" without the secret: refused through git commit, and said why', async () => {
    const r = await mixedRepo();
    await mkdir(r.paths.dir, { recursive: true, mode: 0o700 });
    const socket = join(r.root, 'fake.sock');
    const fake = await startFakeDaemon({ socket });
    onCleanup(fake.stop);
    writeState(r.paths.state, stateOf(r, socket, secret(), fake.child.pid!));

    const res = await commit(r);
    assert.equal(res.code, 1, `the mix was committed on the fake daemon's word\n${res.stdout}${res.stderr}`);
    assert.ok(fake.answered() >= 1, 'the fake was asked: only its missing proof kept its "clean" out');
    assert.match(res.stderr, /did not prove it is the daemon named in the state file.*judging in-process/);
    assert.match(res.stdout + res.stderr, /Use Bridge, not Manager/);
  });

  it('a world-writable state directory: the daemon there is never asked, even one that signs with the secret in the state file; the hook says why', async () => {
    const r = await mixedRepo();
    await mkdir(r.paths.dir, { recursive: true });
    await chmod(r.paths.dir, 0o777);
    const key = secret();
    const socket = join(r.root, 'fake.sock');
    // Whoever wrote the state knows its secret: the secret proves nothing unless the state is ours alone.
    const fake = await startFakeDaemon({ socket, secret: key });
    onCleanup(fake.stop);
    writeState(r.paths.state, stateOf(r, socket, key, fake.child.pid!));

    const res = await commit(r);
    assert.equal(res.code, 1, `the mix was committed on the fake daemon's word\n${res.stdout}${res.stderr}`);
    assert.equal(fake.answered(), 0);
    assert.match(res.stderr, new RegExp(`not asking the daemon: ${r.paths.dir} is writable by group or others \\(mode 0777\\).*judging in-process`));
  });

  it('a state file others can read (its secret is not ours alone): not trusted', async () => {
    const r = await mixedRepo();
    await mkdir(r.paths.dir, { recursive: true, mode: 0o700 });
    const key = secret();
    const socket = join(r.root, 'fake.sock');
    const fake = await startFakeDaemon({ socket, secret: key });
    onCleanup(fake.stop);
    writeState(r.paths.state, stateOf(r, socket, key, fake.child.pid!));
    await chmod(r.paths.state, 0o644);
    const res = await commit(r);
    assert.equal(res.code, 1);
    assert.equal(fake.answered(), 0);
    assert.match(res.stderr, /daemon\.json is readable by group or others \(mode 0644\)/);
  });

  it('another local user who created the state directory first, flipping a symlink between a socket of ours and a fake daemon: no verdict taken, ever', async (t) => {
    const attacker = secondUser();
    const r = await mixedRepo();
    const rounds = 150;
    const key = secret();
    // Where the attacker works: the state directory they created (two users), or a directory beside ours (one user).
    let lair: string;
    if ('why' in attacker) {
      t.diagnostic(`could not create a second local user (${attacker.why}): same-user simulation, the attacker's processes run as this user, the state directory is ours`);
      await mkdir(r.paths.dir, { recursive: true, mode: 0o700 });
      lair = join(r.root, 'attacker');
      await mkdir(lair, { mode: 0o700 });
    } else {
      t.diagnostic(`second local user ${attacker.name} (uid ${attacker.uid}) plays the attacker, in processes of their own`);
      // A repository shared with that user (core.sharedRepository, a group both are in): its .git is writable by them.
      await chmod(r.root, 0o755);
      await chmod(r.gitDir, 0o777);
      lair = r.paths.dir;
    }
    // A socket of ours for the link to point at while the client looks (any listener of this user's will do), named as the fake's is.
    const ours = join(r.root, 'ours');
    await mkdir(ours, { mode: 0o755 });
    const real = createServer((s) => s.destroy());
    await new Promise<void>((res) => real.listen(join(ours, 'daemon.sock'), res));
    onCleanup(async () => void real.close());

    const link = join(lair, 'd');
    const named = stateOf(r, join(link, 'daemon.sock'), key);
    const fake = await startFakeDaemon({
      socket: join(lair, 'daemon.sock'),
      // Two users: the attacker wrote the state, so it knows the secret in it. One user: the state is ours, its secret unknown to them.
      ...('why' in attacker ? {} : { secret: key, uid: attacker.uid, gid: attacker.gid, state: { file: r.paths.state, text: JSON.stringify(named) } }),
      flip: { link, real: ours, fake: lair },
    });
    onCleanup(fake.stop);
    if ('why' in attacker) writeState(r.paths.state, named);

    let accepted = 0;
    const env = { ...process.env, ...DAEMON_ENV, SSOT_GUARD_CLIENT_TIMEOUT_MS: '2000' };
    for (let i = 0; i < rounds; i++) {
      const asked = await askDaemon({ cwd: r.root, mode: 'staged', toolVersion: packageVersion(), env });
      if (asked.answer) accepted++;
    }
    t.diagnostic(`${accepted} of ${rounds} asks took a verdict; the fake answered ${fake.answered()} checks`);
    assert.equal(accepted, 0, `${accepted} of ${rounds} asks took the fake daemon's "clean"`);
    const res = await commit(r);
    assert.equal(res.code, 1, `${res.stdout}${res.stderr}`);
    assert.match(res.stderr, /not asking the daemon: /);
  });
});

describe('trust: state files cannot hang or stall the hook', () => {
  for (const [what, plant] of [
    ['a FIFO', (file: string) => execFileSync('mkfifo', [file])],
    ['a symlink to /dev/zero', (file: string) => symlink('/dev/zero', file)],
    ['a 100 MB file', (file: string) => writeFile(file, Buffer.alloc(100 * 1024 * 1024, 0x20), { mode: 0o600 })],
  ] as const) {
    it(`daemon.json as ${what}: git commit is judged in-process within the deadline, and refused`, async () => {
      const r = await mixedRepo();
      await mkdir(r.paths.dir, { recursive: true, mode: 0o700 });
      await plant(r.paths.state);
      onCleanup(() => rm(r.paths.state, { force: true }));
      const res = await commit(r, 30_000, { SSOT_GUARD_DEBUG: '1' });
      assert.equal(res.killed, false, `git commit hung (killed after ${res.ms} ms)`);
      assert.equal(res.code, 1, `${res.stdout}${res.stderr}`);
      assert.match(res.stdout + res.stderr, /Use Bridge, not Manager/);
      assert.match(res.stderr, /no daemon verdict \(.*daemon\.json (is not a regular file|is a symbolic link: not followed|is \d+ bytes, more than a state file holds)/);
    });
  }
});

describe('trust: settings and commands say what happened', () => {
  it('SSOT_GUARD_CLIENT_TIMEOUT_MS above 2^31: a clear message and the longest timer, no TimeoutOverflowWarning', async () => {
    const r = await mixedRepo();
    assert.equal((await cli(r, ['daemon', 'start'])).code, 0);
    const res = await check(r, { SSOT_GUARD_CLIENT_TIMEOUT_MS: '3000000000' });
    assert.equal(res.code, 1);
    assert.equal(res.json.stats.daemon, true);
    assert.doesNotMatch(res.stderr, /TimeoutOverflowWarning/);
    assert.match(res.stderr, /SSOT_GUARD_CLIENT_TIMEOUT_MS=3000000000 is above the longest timeout \(2147483647 ms/);
    const bad = await check(r, { SSOT_GUARD_CLIENT_TIMEOUT_MS: 'soon' });
    assert.match(bad.stderr, /SSOT_GUARD_CLIENT_TIMEOUT_MS=soon is not a positive number of milliseconds: using 2000/);
  });

  it('daemon stop when daemon.json names another repository\'s daemon: says so, and that daemon keeps running', async () => {
    const a = await daemonRepo();
    const b = await daemonRepo();
    assert.equal((await cli(a, ['daemon', 'start'])).code, 0);
    const running = await daemonUp(a);
    // As `cp -r` of a repository leaves it: b's state names a's socket (and holds a's secret).
    await mkdir(b.paths.dir, { recursive: true, mode: 0o700 });
    execFileSync('cp', ['-p', a.paths.state, b.paths.state]);
    const stopped = await cli(b, ['daemon', 'stop']);
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.match(stopped.stdout, new RegExp(`not running for this worktree: .* the daemon of ${a.root} \\(pid ${running.pid}\\); left that one running`));
    assert.equal((await status(a))?.pid, running.pid, "a's daemon was stopped by b's `daemon stop`");
    const st = await cli(b, ['daemon', 'status']);
    assert.match(st.stdout, /not running/);
  });
});

type SecondUser = { name: string; uid: number; gid: number } | { why: string };
let made: SecondUser | null = null;

/** A throwaway local user (root only), removed after the file's tests; or why there is none. */
function secondUser(): SecondUser {
  if (made) return made;
  if (process.getuid?.() !== 0) return (made = { why: 'not running as root' });
  const name = `ssotatk${randomBytes(3).toString('hex')}`;
  try {
    execFileSync('useradd', ['-M', '-N', '-s', '/usr/sbin/nologin', name], { stdio: 'pipe' });
  } catch (err) {
    return (made = { why: `useradd failed: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}` });
  }
  // After the attacker's processes are stopped: cleanups run last registered first.
  onCleanup(async () => {
    try {
      execFileSync('userdel', ['-f', name], { stdio: 'pipe' });
    } catch (err) {
      process.stderr.write(`could not remove test user ${name}: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}\n`);
    }
  });
  const uid = Number(execFileSync('id', ['-u', name]).toString());
  const gid = Number(execFileSync('id', ['-g', name]).toString());
  return (made = { name, uid, gid });
}
