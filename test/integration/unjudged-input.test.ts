/**
 * Files whose facts cannot be computed (issue 18), refused through a real
 * `git commit` and the installed hook, saying what happened and how to fix
 * it: a `.py` committed as a Git LFS pointer (the commit holds a pointer, not
 * the code; parsed, it was one syntax error and no imports, and the commit
 * passed with a misleading warning), and a file too broken to read whole
 * (its parse stops once error recovery has used its budget).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { baseFiles } from '../helpers/python-repo.js';
import { gitResult } from '../helpers/repo-fixture.js';
import { checkJson } from '../helpers/run-cli.js';
import { cli, daemonRepo, daemonUp, stopAllDaemons } from './daemon-fixture.js';

after(stopAllDaemons);

const POINTER = 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 1234\n';

describe('a Python file that is a Git LFS pointer', () => {
  it('is refused at commit, in-process and with a daemon, naming the file and the way out', async () => {
    const r = await daemonRepo({ ...baseFiles(), 'package.json': '{"name":"t","version":"1.0.0"}\n' });
    assert.equal((await cli(r, ['init'])).code, 0);
    await r.write('app/factory.py', POINTER);
    await r.git('add', '-A');
    const expected = /app\/factory\.py:1:1 +error +lfs-pointer: this is a Git LFS pointer, not source: the code it stands for is not in the commit[\s\S]*git lfs untrack/;
    const local = await gitResult(r.root, ['commit', '-q', '-m', 'pointer'], { env: { SSOT_GUARD_NO_DAEMON: '1' } });
    assert.equal(local.code, 1, local.stdout + local.stderr);
    assert.match(local.stdout + local.stderr, expected);
    assert.doesNotMatch(local.stdout + local.stderr, /syntax/);
    assert.equal((await cli(r, ['daemon', 'start'])).code, 0);
    await daemonUp(r);
    assert.equal((await checkJson(r.root, '--staged', { SSOT_GUARD_NO_DAEMON: '' })).json.stats.daemon, true);
    const daemon = await gitResult(r.root, ['commit', '-q', '-m', 'pointer'], { env: { SSOT_GUARD_NO_DAEMON: '' } });
    assert.equal(daemon.code, 1, daemon.stdout + daemon.stderr);
    assert.match(daemon.stdout + daemon.stderr, expected);
    assert.equal((await r.git('log', '-1', '--format=%s')).trim(), 'initial');
  });
});

describe('a Python file too broken to read whole', () => {
  it('2.3 MB of broken line continuations after a mix: refused, naming the file and the line where reading stopped', async () => {
    const r = await daemonRepo({ ...baseFiles(), 'package.json': '{"name":"t","version":"1.0.0"}\n' });
    assert.equal((await cli(r, ['init'])).code, 0);
    // The mix is read before the parse stops; the file still blocks, since what follows was not fully read.
    await r.write('app/other.py', `from app.bridge import Bridge\n${'x = 1 \\ y\n'.repeat(230_000)}`);
    await r.git('add', '-A');
    const local = await gitResult(r.root, ['commit', '-q', '-m', 'broken'], { env: { SSOT_GUARD_NO_DAEMON: '1' } });
    assert.equal(local.code, 1, local.stdout + local.stderr);
    assert.match(local.stdout + local.stderr, /app\/other\.py:\d+:\d+ +error +too-broken: too many syntax errors to read[\s\S]*NOT fully checked/);
    assert.equal((await r.git('log', '-1', '--format=%s')).trim(), 'initial');
  });
});
