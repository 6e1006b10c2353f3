import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderWatchScreen, summaryLine, type WatchState } from '../../../src/watch/render-verdict.js';
import { verdict, violation } from './verdicts.js';

const empty: WatchState = { worktree: null, staged: null, latencyMs: null, updatedAt: null, error: null };

describe('summaryLine', () => {
  const table: Array<[string, Partial<WatchState>, string]> = [
    ['before any verdict', {}, '── 0 files indexed · clean'],
    ['clean, with latency and source', { worktree: verdict('worktree'), staged: verdict('staged'), latencyMs: 8, source: 'in-process' }, '── 5 files indexed · clean, updated in 8 ms · in-process'],
    ['violations in both', { worktree: verdict('worktree', [violation('a.py', 1), violation('b.py', 1)]), staged: verdict('staged', [violation('a.py', 1)]), source: 'daemon pid 7' }, '── 5 files indexed · 2 in working tree, 1 staged · daemon pid 7'],
  ];
  for (const [name, state, expected] of table) it(name, () => assert.equal(summaryLine({ ...empty, ...state }, false), expected));
});

describe('renderWatchScreen', () => {
  it('per file: the working-tree and the staged verdict, then the summary', () => {
    const state = { ...empty, worktree: verdict('worktree', [violation('app/f.py', 2)]), staged: verdict('staged') };
    assert.equal(renderWatchScreen(state, { color: false }), 'app/f.py  worktree ✖ 1  staged ✔\n  2:1  ws  app.legacy.Manager  <file>\n── 5 files indexed · 1 in working tree, 0 staged\n');
  });

  it('says so when both are clean, and shows the error', () => {
    const screen = renderWatchScreen({ ...empty, worktree: verdict('worktree'), staged: verdict('staged'), error: 'daemon stopped' }, { color: false });
    assert.match(screen, /^no violations in the working tree or the index\nerror: daemon stopped\n/);
  });

  it('colour only when asked', () => {
    const state = { ...empty, worktree: verdict('worktree', [violation('a.py', 1)]) };
    assert.doesNotMatch(renderWatchScreen(state, { color: false }), /\x1b/);
    assert.match(renderWatchScreen(state, { color: true }), /\x1b\[31m/);
  });
});
