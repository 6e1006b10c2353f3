import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { codeCacheDir, codeCacheName, commandOf, supersededBy, type CodeCacheKey } from '../../../src/launch/code-cache-file.js';

describe('where a command keeps its V8 code cache', () => {
  const cases: Array<[string, NodeJS.ProcessEnv, string, string | null]> = [
    ['XDG_CACHE_HOME when absolute', { XDG_CACHE_HOME: '/x/cache' }, '/home/u', '/x/cache/ssot-guard'],
    ['~/.cache when XDG_CACHE_HOME is unset', {}, '/home/u', '/home/u/.cache/ssot-guard'],
    ['~/.cache when XDG_CACHE_HOME is relative (the spec says ignore it)', { XDG_CACHE_HOME: 'rel/cache' }, '/home/u', '/home/u/.cache/ssot-guard'],
    ['nowhere without a home', {}, '', null],
    ['nowhere when turned off', { SSOT_GUARD_NO_CODE_CACHE: '1', XDG_CACHE_HOME: '/x/cache' }, '/home/u', null],
  ];
  for (const [name, env, home, expected] of cases) it(name, () => assert.equal(codeCacheDir(env, home), expected));
});

describe('what a code cache is named for', () => {
  it('the command when the first argument is one, else default (no argument shapes a path), and the snapshot it reads', () => {
    assert.equal(commandOf(['check']), 'check');
    assert.equal(commandOf(['check', '--staged', '--format', 'json']), 'check-staged');
    assert.equal(commandOf(['check', '--format', 'json', '--all']), 'check-all');
    assert.equal(commandOf(['explain', 'app/x.py', '--worktree']), 'explain-worktree');
    assert.equal(commandOf(['check', '--all=../x']), 'check');
    assert.equal(commandOf([]), 'default');
    assert.equal(commandOf(['--version']), 'default');
    assert.equal(commandOf(['../../etc']), 'default');
    assert.equal(commandOf(['Check']), 'default');
  });

  const key: CodeCacheKey = { command: 'check', where: 'c0de', digest: 'ab12', nodeVersion: 'v20.20.2', arch: 'x64' };

  it('names the command, where the program is, the program digest, the Node version and the CPU', () => {
    assert.equal(codeCacheName(key), 'check-c0de-ab12-v20.20.2-x64.v8');
    assert.notEqual(codeCacheName({ ...key, digest: 'ab13' }), codeCacheName(key));
    assert.notEqual(codeCacheName({ ...key, where: 'c0df' }), codeCacheName(key), 'the same bytes in another checkout');
  });

  it('replaces only the same command\'s caches of other programs in the same place under the same Node and CPU', () => {
    const names = [
      'check-c0de-ab12-v20.20.2-x64.v8', // itself
      'check-c0de-99ff-v20.20.2-x64.v8', // an earlier build here: superseded
      'check-beef-99ff-v20.20.2-x64.v8', // another checkout's: kept
      'check-beef-ab12-v20.20.2-x64.v8', // the same bytes in another checkout: kept
      'check-99ff-v20.20.2-x64.v8', // a version that named caches by digest alone: kept
      'check-c0de-99ff-v22.1.0-x64.v8', // another Node, used in turn: kept
      'check-c0de-99ff-v20.20.2-arm64.v8', // another CPU: kept
      'explain-c0de-99ff-v20.20.2-x64.v8', // another command: kept
      'check-all-c0de-99ff-v20.20.2-x64.v8', // another snapshot: kept
      'check-c0de-99ff-v20.20.2-x64.v8.123.partial', // being written by another process: kept
      'check-c0de-not-hex-v20.20.2-x64.v8', // not one of ours: kept
    ];
    assert.deepEqual(supersededBy(key, names), ['check-c0de-99ff-v20.20.2-x64.v8']);
  });
});
