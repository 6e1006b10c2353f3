import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { HUSKY_HOOKS, planInit, type InitFacts } from '../../../src/init/plan-init.js';
import { dispatcher, hookBlock, runsGuard, shQuote, withGuard, worktreeHooksBlock } from '../../../src/init/hook-block.js';

const GUARD = 'node_modules/.bin/ssot-guard-pre-commit';
const base: InitFacts = {
  hooksPath: null,
  hooksPathIsHusky: false,
  huskyDirHere: false,
  hooksPathLocal: false,
  gitHooksDir: '/r/.git/hooks',
  gitHooks: new Map(),
  otherWorktrees: [],
  packageDir: '',
  prepareScript: null,
  hookFiles: new Map(),
  gitHooksPreCommit: null,
  localBin: GUARD,
  configExists: false,
};
const facts = (over: Partial<InitFacts>): InitFacts => ({ ...base, ...over });
const kinds = (f: InitFacts) => {
  const plan = planInit(f);
  return plan.actions.map((a) => (a.kind === 'write-hook' ? `${a.kind} ${a.file}${a.created ? ' (new)' : ''}` : a.kind === 'install-husky' ? `${a.kind} ${a.dir}` : a.kind === 'set-prepare' ? `${a.kind} ${a.script}` : a.kind === 'copy-husky-dir' ? `${a.kind} ${a.worktree}` : a.kind));
};
const GIT_HOOKS_NEW = HUSKY_HOOKS.map((n) => `write-hook /r/.git/hooks/${n} (new)`);

describe('planInit: where the hook goes', () => {
  const table: Array<[string, Partial<InitFacts>, string[]]> = [
    ['fresh repo with package.json at the root: config, husky, hook, post-checkout for new worktrees, prepare', {}, ['write-config', 'install-husky .husky', 'write-hook .husky/pre-commit (new)', 'write-hook .husky/pre-merge-commit (new)', 'write-hook .husky/post-checkout (new)', 'set-prepare husky']],
    ['config present: not rewritten', { configExists: true }, ['install-husky .husky', 'write-hook .husky/pre-commit (new)', 'write-hook .husky/pre-merge-commit (new)', 'write-hook .husky/post-checkout (new)', 'set-prepare husky']],
    ['package.json in a subdirectory: husky dir beside it, prepare climbs to the root', { packageDir: 'web/app', configExists: true }, ['install-husky web/app/.husky', 'write-hook web/app/.husky/pre-commit (new)', 'write-hook web/app/.husky/pre-merge-commit (new)', 'write-hook web/app/.husky/post-checkout (new)', 'set-prepare cd ../.. && husky web/app/.husky']],
    ['no package.json (a Python repo): dispatchers in git\'s own hooks dir (every worktree\'s), the hook files in .husky, no hooksPath', { packageDir: null, configExists: true }, [...GIT_HOOKS_NEW, 'write-hook .husky/pre-commit (new)', 'write-hook .husky/pre-merge-commit (new)']],
    ['no package.json, wired by an earlier init (core.hooksPath = .husky/_): the setting goes, dispatchers come', { packageDir: null, hooksPath: '.husky/_', hooksPathIsHusky: true, huskyDirHere: true, hooksPathLocal: true, configExists: true, hookFiles: new Map([['.husky/pre-commit', hookBlock(GUARD)], ['.husky/pre-merge-commit', hookBlock(GUARD)]]) }, ['unset-hooks-path', ...GIT_HOOKS_NEW]],
    ['no package.json, an earlier init\'s hooksPath, and a pre-commit of someone else\'s in .git/hooks (not run under that hooksPath): it gains the guard, since with the setting gone git runs it and no dispatcher', { packageDir: null, hooksPath: '.husky/_', hooksPathIsHusky: true, huskyDirHere: true, hooksPathLocal: true, configExists: true, gitHooksPreCommit: { path: '/r/.git/hooks/pre-commit', content: '#!/bin/sh\nmake lint\n' }, gitHooks: new Map([['pre-commit', '#!/bin/sh\nmake lint\n']]), hookFiles: new Map([['.husky/pre-commit', hookBlock(GUARD)], ['.husky/pre-merge-commit', hookBlock(GUARD)]]) }, ['unset-hooks-path', 'write-hook /r/.git/hooks/pre-commit', ...GIT_HOOKS_NEW.filter((k) => !k.includes('/pre-commit '))]],
    ['no package.json, dispatchers there already: nothing to do', { packageDir: null, configExists: true, gitHooksPreCommit: { path: '/r/.git/hooks/pre-commit', content: dispatcher('.husky') }, gitHooks: new Map(HUSKY_HOOKS.map((n) => [n, dispatcher('.husky')])), hookFiles: new Map([['.husky/pre-commit', hookBlock(GUARD)], ['.husky/pre-merge-commit', hookBlock(GUARD)]]) }, []],
    ['husky already installed: its hook file extended, husky not reinstalled', { hooksPath: '.husky/_', hooksPathIsHusky: true, huskyDirHere: true, prepareScript: 'husky', configExists: true, hookFiles: new Map([['.husky/pre-commit', 'npm test\n'], ['.husky/post-checkout', worktreeHooksBlock('.husky')]]) }, ['write-hook .husky/pre-commit', 'write-hook .husky/pre-merge-commit (new)']],
    ['husky\'s hooksPath, its dir missing here (a linked worktree): husky installed here, not stand-alone hooks in its dir', { hooksPath: '.husky/_', hooksPathIsHusky: true, prepareScript: 'husky', configExists: true, hookFiles: new Map([['.husky/pre-commit', hookBlock(GUARD)], ['.husky/pre-merge-commit', hookBlock(GUARD)], ['.husky/post-checkout', worktreeHooksBlock('.husky')]]) }, ['install-husky .husky']],
    ['husky: another worktree without husky\'s dir gets a copy', { hooksPath: '.husky/_', hooksPathIsHusky: true, huskyDirHere: true, prepareScript: 'husky', configExists: true, otherWorktrees: [{ root: '/w/a', huskyDir: false }, { root: '/w/b', huskyDir: true }], hookFiles: new Map([['.husky/pre-commit', hookBlock(GUARD)], ['.husky/pre-merge-commit', hookBlock(GUARD)], ['.husky/post-checkout', worktreeHooksBlock('.husky')]]) }, ['copy-husky-dir /w/a']],
    ['an existing prepare script gains husky', { prepareScript: 'npm run build', configExists: true }, ['install-husky .husky', 'write-hook .husky/pre-commit (new)', 'write-hook .husky/pre-merge-commit (new)', 'write-hook .husky/post-checkout (new)', 'set-prepare npm run build && husky']],
    ['a plain hooks dir (core.hooksPath=.githooks)', { hooksPath: '.githooks', packageDir: null, configExists: true }, ['write-hook .githooks/pre-commit (new)', 'write-hook .githooks/pre-merge-commit (new)']],
    ['a hook git runs today in .git/hooks: extended, hooksPath left alone', { gitHooksPreCommit: { path: '/r/.git/hooks/pre-commit', content: '#!/bin/sh\nmake lint\n' }, hookFiles: new Map([['/r/.git/hooks/pre-commit', '#!/bin/sh\nmake lint\n']]), configExists: true }, ['write-hook /r/.git/hooks/pre-commit', 'write-hook /r/.git/hooks/pre-merge-commit (new)']],
    ['wired before merges and worktrees were: pre-merge-commit and post-checkout are added', { hooksPath: '.husky/_', hooksPathIsHusky: true, huskyDirHere: true, prepareScript: 'husky', configExists: true, hookFiles: new Map([['.husky/pre-commit', hookBlock(GUARD)]]) }, ['write-hook .husky/pre-merge-commit (new)', 'write-hook .husky/post-checkout (new)']],
    ['already wired: nothing to do', { hooksPath: '.husky/_', hooksPathIsHusky: true, huskyDirHere: true, prepareScript: 'husky', configExists: true, hookFiles: new Map([['.husky/pre-commit', hookBlock(GUARD)], ['.husky/pre-merge-commit', hookBlock(GUARD)], ['.husky/post-checkout', worktreeHooksBlock('.husky')]]) }, []],
  ];
  for (const [name, over, expected] of table) it(name, () => assert.deepEqual(kinds(facts(over)), expected));

  it('refuses the pre-commit framework\'s hook and says what to put in .pre-commit-config.yaml', () => {
    const plan = planInit(facts({ configExists: true, gitHooksPreCommit: { path: '/r/.git/hooks/pre-commit', content: '#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\n' } }));
    assert.equal(plan.ok, false);
    assert.match(!plan.ok ? plan.reason : '', /\.pre-commit-config\.yaml[\s\S]*ssot-guard check --staged/);
  });

  it('an earlier init\'s hooksPath over the pre-commit framework\'s .git/hooks/pre-commit: refused, not left unguarded', () => {
    const framework = '#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\n';
    const plan = planInit(facts({ packageDir: null, hooksPath: '.husky/_', hooksPathIsHusky: true, huskyDirHere: true, hooksPathLocal: true, configExists: true, gitHooksPreCommit: { path: '/r/.git/hooks/pre-commit', content: framework }, gitHooks: new Map([['pre-commit', framework]]) }));
    assert.equal(plan.ok, false);
    assert.match(!plan.ok ? plan.reason : '', /\.pre-commit-config\.yaml[\s\S]*ssot-guard check --staged/);
  });

  it('refuses to append after a final exec, and names the line to add', () => {
    const hook = '#!/bin/sh\nexec make lint\n';
    const plan = planInit(facts({ configExists: true, gitHooksPreCommit: { path: '/h', content: hook }, hookFiles: new Map([['/h', hook]]) }));
    assert.equal(plan.ok, false);
    assert.match(!plan.ok ? plan.reason : '', /exec or exit[\s\S]*add the ssot-guard lines before it yourself/);
  });

  it('a plain hook file is created with a shebang and marked executable; a husky one without', () => {
    const plain = planInit(facts({ hooksPath: '.githooks', configExists: true })).actions[0];
    const husky = planInit(facts({ configExists: true })).actions.find((a) => a.kind === 'write-hook');
    assert.ok(plain?.kind === 'write-hook' && plain.executable && plain.content.startsWith('#!/bin/sh\n'));
    assert.ok(husky?.kind === 'write-hook' && !husky.executable && !husky.content.startsWith('#!'));
  });
});

describe('hook block', () => {
  it('quotes paths for sh only when needed', () => {
    assert.equal(shQuote('node_modules/ssot-guard/hooks/pre-commit'), 'node_modules/ssot-guard/hooks/pre-commit');
    assert.equal(shQuote("/home/o'neil/my repo/x"), `'/home/o'\\''neil/my repo/x'`);
  });
  it('recognises our block and hand-written calls', () => {
    assert.ok(runsGuard(hookBlock(GUARD)));
    assert.ok(runsGuard('npx ssot-guard check --staged\n'));
    assert.ok(!runsGuard('npm test\n'));
  });
  it('names nothing of the machine that wrote it', () => {
    const block = hookBlock(GUARD);
    assert.doesNotMatch(block, /\/home\/|\/root\/|_npx|\/usr\//);
    assert.match(block, /^ssot_guard=node_modules\/\.bin\/ssot-guard-pre-commit$/m);
    assert.match(block, /command -v ssot-guard-pre-commit/);
  });
  it('puts right a block an earlier version wrote with an absolute path, keeping the lines around it', () => {
    const old = 'npm test\n# ssot-guard: refuse commits that reintroduce a dual pattern (skip once: git commit --no-verify)\nsh /root/.npm/_npx/3f2a/node_modules/ssot-guard/hooks/pre-commit\nnpm run lint\n';
    assert.equal(withGuard(old, GUARD, false), `npm test\n${hookBlock(GUARD)}npm run lint\n`);
    assert.equal(withGuard(withGuard(old, GUARD, false), GUARD, false), withGuard(old, GUARD, false), 'and then leaves it alone');
    assert.equal(withGuard(hookBlock('web/node_modules/.bin/ssot-guard-pre-commit'), GUARD, false), hookBlock(GUARD), 'a package that moved');
  });
  it('appends after existing lines, keeping them, and adds a missing final newline', () => {
    assert.equal(withGuard('npm test', GUARD, false), `npm test\n${hookBlock(GUARD)}`);
    assert.equal(withGuard(withGuard('npm test\n', GUARD, false), GUARD, false), `npm test\n${hookBlock(GUARD)}`);
  });
});
