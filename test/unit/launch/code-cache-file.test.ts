import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cachedDataOf, codeCacheDir, codeCacheName, commandOf, encodeCodeCache, placeOf, type CodeCacheKey } from '../../../src/launch/code-cache-file.js';

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

  const key: CodeCacheKey = { command: 'check', where: 'c0de', nodeVersion: 'v20.20.2', arch: 'x64' };

  it('names the command, where the program is, the Node version and the CPU', () => {
    assert.equal(codeCacheName(key), 'check-c0de-v20.20.2-x64.v8');
    assert.notEqual(codeCacheName({ ...key, where: 'c0df' }), codeCacheName(key), 'the same bytes in another checkout');
    assert.notEqual(codeCacheName({ ...key, nodeVersion: 'v22.1.0' }), codeCacheName(key));
  });

  it('a place is 16 hex digits of its path, the same each time', () => {
    assert.match(placeOf('/repo/dist/bundle/cli-main.cjs'), /^[0-9a-f]{16}$/);
    assert.equal(placeOf('/repo/dist/bundle/cli-main.cjs'), placeOf('/repo/dist/bundle/cli-main.cjs'));
    assert.notEqual(placeOf('/repo/dist/bundle/cli-main.cjs'), placeOf('/repo2/dist/bundle/cli-main.cjs'));
  });
});

describe('what a code cache file holds', () => {
  const program = Buffer.from('module.exports = 1;\n');
  const data = Buffer.from([1, 2, 3, 4, 5]);
  const file = encodeCodeCache('/repo/p.cjs', program, data);

  it('gives V8 its data back for the very program at the very path', () => {
    assert.deepEqual(cachedDataOf(file, '/repo/p.cjs', program), data);
  });

  const refused: Array<[string, Buffer, string, Buffer]> = [
    ['another program of the same length (V8 would take it)', file, '/repo/p.cjs', Buffer.from('module.exports = 2;\n')],
    ['a longer program', file, '/repo/p.cjs', Buffer.from('module.exports = 10;\n')],
    ['the same bytes elsewhere (its stack traces would name that file)', file, '/other/p.cjs', program],
    ['a cache cut short', file.subarray(0, 40), '/repo/p.cjs', program],
    ['an earlier format (V8 data alone)', data, '/repo/p.cjs', program],
  ];
  for (const [name, bytes, path, prog] of refused) it(`gives nothing for ${name}`, () => assert.equal(cachedDataOf(bytes, path, prog), null));
});
