import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MIXED } from '../helpers/python-repo.js';
import { pidAlive } from '../../src/daemon/state-file.js';
import { parsePublishedVerdict } from '../../src/daemon/published-verdict.js';
import { check, cli, daemonRepo, inProcess, onCleanup, status, stopAllDaemons, until, type DaemonRepo } from './daemon-fixture.js';

after(stopAllDaemons);

/** Gone: the next check asks the socket. */
const rmVerdict = (r: DaemonRepo): Promise<void> => rm(r.paths.verdict);

/**
 * A warm daemon that has published its staged verdict, then stopped
 * (SIGSTOP): it answers nothing, so a hook that gives a daemon verdict got it
 * from the published file, and one that cannot use the file waits out its
 * short timeout and judges in-process.
 */
async function publishedThenFrozen(staged: Record<string, string> = {}): Promise<DaemonRepo & { readonly pid: number }> {
  const r = await daemonRepo();
  for (const [path, text] of Object.entries(staged)) {
    await r.write(path, text);
    await r.add(path);
  }
  await cli(r, ['daemon', 'start']);
  const warm = await until('the warm-up verdict', async () => {
    const s = await status(r);
    return s && s.precomputes >= 1 ? s : null;
  });
  assert.ok(parsePublishedVerdict(await readFile(r.paths.verdict, 'utf8')), 'the daemon published its verdict');
  process.kill(warm.pid, 'SIGSTOP');
  onCleanup(async () => void (pidAlive(warm.pid) && process.kill(warm.pid, 'SIGCONT')));
  return Object.assign(r, { pid: warm.pid });
}

const QUICK = { SSOT_GUARD_CLIENT_TIMEOUT_MS: '400', SSOT_GUARD_DEBUG: '1' };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const verdictOf = (json: any) => ({ ok: json.ok, snapshot: json.snapshot, violations: json.violations, ruleErrors: json.ruleErrors, diagnostics: json.diagnostics, baseline: json.baseline, files: json.stats.files });

describe('the published staged verdict', () => {
  it('answers the hook with no connection, and never once the index moved', async () => {
    const r = await publishedThenFrozen();
    const answered = await check(r, QUICK);
    assert.equal(answered.code, 0);
    assert.equal(answered.json.stats.daemon, true, answered.stderr);

    // Staged after the daemon stopped: the published pass is for another index.
    await r.write('app/factory.py', MIXED);
    await r.add('app/factory.py');
    const moved = await check(r, QUICK);
    assert.equal(moved.code, 1);
    assert.equal(moved.json.violations.length, 1);
    assert.equal(moved.json.stats.daemon, false);
    assert.match(moved.stderr, /published verdict not used \(the index, HEAD or its branch moved since it was published\)/);
  });

  it('says what the socket and an in-process check say, code frames and all', async () => {
    const r = await publishedThenFrozen({ 'app/factory.py': MIXED });
    const text = await cli(r, ['check', '--staged'], QUICK);
    const json = await check(r, QUICK);
    process.kill(r.pid, 'SIGCONT');
    await rmVerdict(r);
    const socket = await check(r);
    const local = await inProcess(r);
    assert.equal(json.code, 1);
    assert.equal(json.json.stats.daemon, true, json.stderr);
    assert.equal(socket.json.stats.daemon, true);
    assert.deepEqual(verdictOf(json.json), verdictOf(local.json));
    assert.deepEqual(verdictOf(json.json), verdictOf(socket.json));
    const localText = await cli(r, ['check', '--staged', '--no-daemon']);
    const body = (out: string) => out.split('\n').filter((l) => !/files checked/.test(l)).join('\n');
    assert.match(text.stdout, /\| from app\.legacy import Manager/);
    assert.equal(body(text.stdout), body(localText.stdout));
  });

  it('is not used for a temporary index (GIT_INDEX_FILE, as in commit -a)', async () => {
    const r = await publishedThenFrozen();
    const alt = join(r.gitDir, 'alt-index');
    await r.write('app/factory.py', MIXED);
    await r.git('read-tree', 'HEAD', { env: { GIT_INDEX_FILE: alt } });
    await r.git('add', 'app/factory.py', { env: { GIT_INDEX_FILE: alt } });
    const res = await check(r, { ...QUICK, GIT_INDEX_FILE: alt });
    assert.equal(res.code, 1);
    assert.equal(res.json.violations.length, 1);
    assert.equal(res.json.stats.daemon, false);
  });

  it('is not used once HEAD names another branch, the index unchanged', async () => {
    const r = await publishedThenFrozen();
    await r.git('checkout', '-q', '-b', 'topic');
    const res = await check(r, QUICK);
    assert.equal(res.json.stats.daemon, false);
    assert.match(res.stderr, /published verdict not used \(the index, HEAD or its branch moved since it was published\)/);
  });

  it('is not used once the config on disk differs from the one the daemon loaded', async () => {
    const r = await publishedThenFrozen();
    await writeFile(r.paths.config, `${await readFile(r.paths.config, 'utf8')}\n`);
    const res = await check(r, QUICK);
    assert.equal(res.json.stats.daemon, false);
    assert.match(res.stderr, /published verdict not used \(the config file on disk differs from the one the daemon loaded\)/);
  });

  it('is not believed when another user could have written it', async () => {
    const r = await publishedThenFrozen();
    await chmod(r.paths.verdict, 0o666);
    const res = await check(r, QUICK);
    assert.equal(res.json.stats.daemon, false);
    assert.match(res.stderr, /published verdict not used \(.*staged-verdict\.json is writable by group or others \(mode 0666\)\)/);
  });

  it('is not used when it is not a published verdict of this version', async () => {
    const r = await publishedThenFrozen();
    const published = JSON.parse(await readFile(r.paths.verdict, 'utf8')) as Record<string, unknown>;
    await writeFile(r.paths.verdict, JSON.stringify({ ...published, key: 'forged' }), { mode: 0o600 });
    const res = await check(r, QUICK);
    assert.equal(res.json.stats.daemon, false);
    assert.match(res.stderr, /published verdict not used \(.*staged-verdict\.json is not a published verdict of this version\)/);
  });

  it('is withdrawn when the daemon stops, and not used when it died', async () => {
    const r = await daemonRepo();
    await cli(r, ['daemon', 'start']);
    const warm = await until('the warm-up verdict', async () => {
      const s = await status(r);
      return s && s.precomputes >= 1 ? s : null;
    });
    await stat(r.paths.verdict);
    await cli(r, ['daemon', 'stop']);
    await assert.rejects(stat(r.paths.verdict), { code: 'ENOENT' });
    assert.equal(pidAlive(warm.pid), false);

    await cli(r, ['daemon', 'start']);
    const next = await until('the second warm-up verdict', async () => {
      const s = await status(r);
      return s && s.precomputes >= 1 ? s : null;
    });
    process.kill(next.pid, 'SIGKILL');
    await until('the killed daemon to be gone', () => !pidAlive(next.pid));
    const res = await check(r, { SSOT_GUARD_DEBUG: '1' });
    assert.equal(res.json.stats.daemon, false);
    assert.match(res.stderr, new RegExp(`published verdict not used \\(the daemon that published it \\(pid ${next.pid}\\) is gone\\)`));
  });
});
