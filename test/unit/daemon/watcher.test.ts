import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Stats } from 'node:fs';
import picomatch from 'picomatch';
import { excludedDirMatcher, gitIgnored, rawEventPaths, translateGitEvent, translateWorktreeEvent, worktreeIgnored, type WatchTarget } from '../../../src/daemon/watcher.js';
import { asRepoPath } from '../../../src/model/index.js';
import { globFilter } from '../../../src/rules/scope.js';

const exclude = ['**/.venv/**', 'build/**'];
const target: WatchTarget = {
  root: '/r',
  gitDir: '/r/.git',
  commonDir: '/r/.git',
  included: globFilter(['**/*.py'], exclude),
  alsoWatch: new Set(['ssot-guard.config.json', 'ssot-guard.baseline.json']),
};
const linked: WatchTarget = { ...target, root: '/wt', gitDir: '/r/.git/worktrees/wt' };
const file = { isDirectory: () => false, isFile: () => true } as Stats;
const dir = { isDirectory: () => true, isFile: () => false } as Stats;

describe('translateWorktreeEvent', () => {
  const table: Array<[string, Parameters<typeof translateWorktreeEvent>[0], string, object | null]> = [
    ['a saved Python file', 'change', '/r/app/a.py', { kind: 'file', type: 'change', path: 'app/a.py' }],
    ['a new Python file', 'add', '/r/app/b.py', { kind: 'file', type: 'add', path: 'app/b.py' }],
    ['a deleted Python file', 'unlink', '/r/app/a.py', { kind: 'file', type: 'unlink', path: 'app/a.py' }],
    ['the config file', 'change', '/r/ssot-guard.config.json', { kind: 'file', type: 'change', path: 'ssot-guard.config.json' }],
    ['a file include does not name', 'change', '/r/README.md', null],
    ['an excluded file', 'change', '/r/build/x.py', null],
    ['a directory event', 'addDir', '/r/app', null],
    ['a path outside the root', 'change', '/elsewhere/a.py', null],
  ];
  for (const [name, event, path, expected] of table) {
    it(`${expected ? 'reports' : 'drops'} ${name}`, () => assert.deepEqual(translateWorktreeEvent(event, path, target), expected));
  }
});

describe('rawEventPaths: a raw fs.watch event replays a path just reported', () => {
  const recent = new Set([asRepoPath('app/a.py'), asRepoPath('app/sub')]);
  const table: Array<[string, unknown, unknown, string[]]> = [
    ['a watch of the directory, naming the entry', '/r/app', 'a.py', ['app/a.py']],
    ['a watch of the file itself', '/r/app/a.py', 'a.py', ['app/a.py']],
    ['another file of the directory', '/r/app', 'b.py', []],
    ['a file of the same name elsewhere', '/r/lib', 'a.py', []],
    ['no name given', '/r/app/a.py', null, ['app/a.py']],
    ['no watched path', undefined, 'a.py', []],
  ];
  for (const [name, watched, entry, expected] of table) {
    it(name, () => assert.deepEqual(rawEventPaths(target, watched, entry, recent), expected));
  }
  it('answers nothing when nothing was just reported', () => assert.deepEqual(rawEventPaths(target, '/r/app', 'a.py', new Set()), []));
});

describe('translateGitEvent', () => {
  const table: Array<[string, WatchTarget, Parameters<typeof translateGitEvent>[0], string, object | null]> = [
    ['index rewritten', target, 'change', '/r/.git/index', { kind: 'git', file: 'index', exists: true }],
    ['index.lock taken', target, 'add', '/r/.git/index.lock', { kind: 'git', file: 'index.lock', exists: true }],
    ['index.lock released', target, 'unlink', '/r/.git/index.lock', { kind: 'git', file: 'index.lock', exists: false }],
    ['HEAD moved', target, 'change', '/r/.git/HEAD', { kind: 'git', file: 'HEAD', exists: true }],
    ['a branch moved', target, 'change', '/r/.git/refs/heads/main', { kind: 'git', file: 'ref', exists: true }],
    ['a nested branch moved', target, 'add', '/r/.git/refs/heads/feature/x', { kind: 'git', file: 'ref', exists: true }],
    ['refs packed', target, 'change', '/r/.git/packed-refs', { kind: 'git', file: 'ref', exists: true }],
    ['an object written', target, 'add', '/r/.git/objects/ab/cdef', null],
    ['a tag', target, 'add', '/r/.git/refs/tags/v1', null],
    ['ORIG_HEAD', target, 'change', '/r/.git/ORIG_HEAD', null],
    ['linked worktree: its own index', linked, 'change', '/r/.git/worktrees/wt/index', { kind: 'git', file: 'index', exists: true }],
    ['linked worktree: its own HEAD', linked, 'change', '/r/.git/worktrees/wt/HEAD', { kind: 'git', file: 'HEAD', exists: true }],
    ['linked worktree: the main index is not ours', linked, 'change', '/r/.git/index', null],
    ['linked worktree: shared branches are', linked, 'change', '/r/.git/refs/heads/main', { kind: 'git', file: 'ref', exists: true }],
  ];
  for (const [name, t, event, path, expected] of table) {
    it(`${expected ? 'reports' : 'drops'} ${name}`, () => assert.deepEqual(translateGitEvent(event, path, t), expected));
  }
});

describe('what the watchers descend into', () => {
  const ignored = worktreeIgnored(target, excludedDirMatcher(picomatch(exclude, { dot: true })));
  const table: Array<[string, string, Stats | undefined, boolean]> = [
    ['the root', '/r', dir, false],
    ['a source dir', '/r/app', dir, false],
    ['a Python file', '/r/app/a.py', file, false],
    ['a Python file before its stat is known', '/r/app/a.py', undefined, false],
    ['a text file', '/r/app/notes.txt', file, true],
    ['the config', '/r/ssot-guard.config.json', file, false],
    ['.git', '/r/.git', dir, true],
    ['inside .git', '/r/.git/objects', undefined, true],
    ['node_modules anywhere', '/r/web/node_modules', dir, true],
    ['an excluded dir', '/r/svc/.venv', dir, true],
    ['an excluded top dir', '/r/build', dir, true],
  ];
  for (const [name, path, stats, expected] of table) {
    it(`${expected ? 'skips' : 'watches'} ${name}`, () => assert.equal(ignored(path, stats), expected));
  }

  it('git watcher sees only the index, HEAD and branch refs', () => {
    const g = gitIgnored(target);
    for (const p of ['/r/.git', '/r/.git/index', '/r/.git/index.lock', '/r/.git/HEAD', '/r/.git/refs', '/r/.git/refs/heads', '/r/.git/refs/heads/main', '/r/.git/packed-refs']) {
      assert.equal(g(p), false, p);
    }
    for (const p of ['/r/.git/objects', '/r/.git/logs', '/r/.git/refs/tags', '/r/.git/config', '/r/.git/ssot-guard']) assert.equal(g(p), true, p);
  });
});
