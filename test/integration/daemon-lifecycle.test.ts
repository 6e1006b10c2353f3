import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createConnection } from 'node:net';
import { mkdtemp, readFile, realpath, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIXED } from '../helpers/python-repo.js';
import type { TestRepo } from '../helpers/repo-fixture.js';
import { pidAlive } from '../../src/daemon/state-file.js';
import { MAX_SOCKET_PATH_BYTES } from '../../src/daemon/paths.js';
import { PROTOCOL_VERSION } from '../../src/daemon/protocol.js';
import { packageVersion } from '../../src/config/package-version.js';
import { check, cli, daemonRepo, onCleanup, status, stopAllDaemons, subscribeVerdicts, track, until } from './daemon-fixture.js';

after(stopAllDaemons);

describe('daemon lifecycle', () => {
  it('exits by itself after SSOT_GUARD_IDLE_MS without requests, cleaning up', async () => {
    const r = await daemonRepo();
    await cli(r, ['daemon', 'start'], { SSOT_GUARD_IDLE_MS: '1500' });
    const s = (await status(r))!;
    await until('the idle daemon to exit', () => !pidAlive(s.pid), 15_000);
    await assert.rejects(stat(r.paths.socket), { code: 'ENOENT' });
    await assert.rejects(stat(r.paths.state), { code: 'ENOENT' });
    assert.match(await readFile(r.paths.log, 'utf8'), /stopping: idle for 1500 ms/);
  });

  it('SIGTERM: closes the server, removes socket and state, exits 0', async () => {
    const r = await daemonRepo();
    await cli(r, ['daemon', 'start']);
    const s = (await status(r))!;
    process.kill(s.pid, 'SIGTERM');
    await until('the daemon to exit', () => !pidAlive(s.pid));
    await assert.rejects(stat(r.paths.socket), { code: 'ENOENT' });
    await assert.rejects(stat(r.paths.state), { code: 'ENOENT' });
    assert.match(await readFile(r.paths.log, 'utf8'), /stopping: SIGTERM[\s\S]*stopped/);
  });

  it('answers garbage with an error and keeps serving', async () => {
    const r = await daemonRepo();
    await cli(r, ['daemon', 'start']);
    const lines = ['not json', '{"id":1}', JSON.stringify({ id: 2, v: PROTOCOL_VERSION, toolVersion: packageVersion(), method: 'frobnicate' }),
      JSON.stringify({ id: 3, v: PROTOCOL_VERSION, toolVersion: packageVersion(), method: 'check', params: { mode: 'everything' } })];
    const answers = await new Promise<any[]>((resolve, reject) => {
      const s = createConnection(r.paths.socket);
      let buf = '';
      s.on('connect', () => s.write(lines.join('\n') + '\n'));
      s.on('data', (d) => {
        buf += d.toString();
        const got = buf.split('\n').filter(Boolean);
        if (got.length === lines.length) {
          s.destroy();
          resolve(got.map((l) => JSON.parse(l)));
        }
      });
      s.on('error', reject);
    });
    const codes = Object.fromEntries(answers.map((a) => [String(a.id), a.error?.code]));
    assert.deepEqual(codes, { null: 'bad-request', 1: 'bad-request', 2: 'unknown-method', 3: 'bad-request' });
    assert.equal((await check(r)).json.stats.daemon, true, 'still serving');
  });

  it('falls back to a socket in tmpdir when the git dir path is too long for a unix socket', async () => {
    const main = await daemonRepo();
    const name = 'w'.repeat(80);
    const wtRoot = join(await realpath(await mkdtemp(join(tmpdir(), 'ssot-guard-wt-'))), name);
    await main.git('worktree', 'add', '-q', '-b', 'long', wtRoot);
    onCleanup(() => rm(join(wtRoot, '..'), { recursive: true, force: true }));
    const wt = track({ root: wtRoot } as TestRepo, join(main.root, '.git', 'worktrees', name));
    assert.ok(Buffer.byteLength(join(wt.gitDir, 'ssot-guard', 'daemon.sock')) > MAX_SOCKET_PATH_BYTES);
    assert.ok(wt.paths.socket.startsWith(tmpdir()));

    await cli(wt, ['daemon', 'start']);
    assert.equal((await stat(wt.paths.socket)).mode & 0o777, 0o600);
    const res = await check(wt);
    assert.equal(res.json.stats.daemon, true);
    await cli(wt, ['daemon', 'stop']);
    await assert.rejects(stat(wt.paths.socket), { code: 'ENOENT' });
  });

  it('subscribe: a saved file is parsed at once and its verdict pushed; git add pushes the staged verdict', async () => {
    const r = await daemonRepo();
    await cli(r, ['daemon', 'start']);
    const sub = await subscribeVerdicts(r);
    const verdicts = sub.verdicts;
    await until('the initial verdicts', () => verdicts('staged').length >= 1 && verdicts('worktree').length >= 1);
    const factsBefore = (await status(r))!.factsCached;

    await r.write('app/factory.py', MIXED);
    const pushed = await until('a worktree verdict with the mix', () => verdicts('worktree').find((v) => v.violations.length === 1));
    assert.equal(pushed.violations[0]!.file, 'app/factory.py');
    assert.equal(pushed.stats.daemon, true);
    assert.ok((await status(r))!.factsCached > factsBefore, 'the saved file was parsed without any check request');
    assert.equal(verdicts('staged').at(-1)!.violations.length, 0, 'not staged yet');

    await r.add('app/factory.py');
    const staged = await until('a staged verdict with the mix', () => verdicts('staged').find((v) => v.violations.length === 1));
    assert.equal(staged.stats.parsed, 0, 'git add found the blob already parsed');
    sub.close();
  });
});
