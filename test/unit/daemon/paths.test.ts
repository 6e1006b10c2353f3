import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { daemonPaths, MAX_SOCKET_PATH_BYTES } from '../../../src/daemon/paths.js';

describe('daemonPaths', () => {
  it('keeps everything under the worktree git dir', () => {
    const p = daemonPaths('/r', '/r/.git', '/tmp');
    assert.deepEqual(p, {
      dir: '/r/.git/ssot-guard',
      socket: '/r/.git/ssot-guard/daemon.sock',
      state: '/r/.git/ssot-guard/daemon.json',
      log: '/r/.git/ssot-guard/daemon.log',
      lock: '/r/.git/ssot-guard/daemon.lock',
      verdict: '/r/.git/ssot-guard/staged-verdict.json',
      config: '/r/ssot-guard.config.json',
    });
  });

  it('gives linked worktrees their own daemon', () => {
    const main = daemonPaths('/r', '/r/.git', '/tmp');
    const linked = daemonPaths('/wt', '/r/.git/worktrees/wt', '/tmp');
    assert.notEqual(main.socket, linked.socket);
    assert.notEqual(main.state, linked.state);
  });

  it('falls back to a hashed socket in tmpdir when the path would overflow sockaddr_un', () => {
    const deep = `/home/u/${'very-long-directory-name/'.repeat(4)}repo`;
    const p = daemonPaths(deep, `${deep}/.git`, '/tmp');
    assert.ok(Buffer.byteLength(`${deep}/.git/ssot-guard/daemon.sock`) > MAX_SOCKET_PATH_BYTES);
    assert.match(p.socket, /^\/tmp\/ssot-guard-[0-9a-f]{16}\.sock$/);
    assert.equal(p.state, `${deep}/.git/ssot-guard/daemon.json`, 'only the socket moves');
    assert.equal(daemonPaths(deep, `${deep}/.git`, '/tmp').socket, p.socket, 'stable per root');
    assert.notEqual(daemonPaths(`${deep}2`, `${deep}2/.git`, '/tmp').socket, p.socket, 'distinct per root');
  });

  it('counts bytes, not characters', () => {
    const root = `/r/${'é'.repeat(40)}`;
    assert.ok(root.length + '/.git/ssot-guard/daemon.sock'.length <= MAX_SOCKET_PATH_BYTES);
    assert.match(daemonPaths(root, `${root}/.git`, '/tmp').socket, /^\/tmp\//);
  });
});
