import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWatchView, type ViewMode } from '../../../src/watch/watch-view.js';
import { verdict, violation } from './verdicts.js';

function viewed(mode: ViewMode, color = false) {
  const out: string[] = [];
  const view = createWatchView({ mode, color, root: '/r', write: (t) => void out.push(t), now: () => new Date(2024, 0, 1, 12, 0, 0) });
  return { view, out, text: () => out.join('') };
}

describe('watch view: lines (stdout is not a terminal)', () => {
  it('one entry per verdict change, none for a repeat', () => {
    const { view, text } = viewed('lines');
    view.watching('in-process');
    view.verdict(verdict('staged'), null);
    view.verdict(verdict('worktree'), null);
    view.verdict(verdict('worktree', [], 5, 99), 4); // same verdict, other timings: not news
    view.verdict(verdict('worktree', [violation('a.py', 2)]), 6);
    view.error('daemon gone');
    view.error('daemon gone');
    view.error(null);
    view.end();
    assert.equal(
      text(),
      [
        'watching /r (in-process)',
        'staged: 0 violation(s) in 5 files',
        'worktree: 0 violation(s) in 5 files',
        'worktree: 1 violation(s) in 5 files (updated in 6 ms)',
        'a.py:2:1 ws app.legacy.Manager',
        'error: daemon gone',
        '',
      ].join('\n'),
    );
  });

  it('json: one parseable object per line', () => {
    const { view, text } = viewed('json');
    view.watching('daemon pid 7');
    view.verdict(verdict('staged', [violation('a.py', 1)]), 3);
    view.error('x');
    const events = text().trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(events.map((e) => e.event), ['watching', 'verdict', 'error']);
    assert.equal(events[1].snapshot, 'staged');
    assert.equal(events[1].latencyMs, 3);
  });
});

describe('watch view: screen (a terminal)', () => {
  it('hides the cursor, redraws the whole screen on every verdict, gives the cursor back at the end', () => {
    const { view, out } = viewed('screen');
    assert.equal(out[0], '\x1b[?25l');
    assert.match(out[1]!, /^\x1b\[2J\x1b\[Hssot-guard watch: indexing \/r/);
    view.verdict(verdict('worktree'), null);
    view.verdict(verdict('worktree'), 5);
    assert.equal(out.length, 4, 'a repeat still redraws: its latency and time are news');
    assert.match(out[3]!, /^\x1b\[2J\x1b\[Hno violations .*\n── 5 files indexed · clean, updated in 5 ms at 12:00:00\n$/);
    view.end();
    assert.equal(out.at(-1), '\x1b[?25h');
  });

  it('an error before the first verdict is shown under the indexing line', () => {
    const { view, out } = viewed('screen');
    view.error('warm-up failed: boom');
    assert.match(out.at(-1)!, /indexing \/r…\nerror: warm-up failed: boom\n$/);
  });

  it('no colour codes without colour', () => {
    const { view, out } = viewed('screen', false);
    view.verdict(verdict('worktree', [violation('a.py', 1)]), 1);
    assert.doesNotMatch(out.at(-1)!.replace('\x1b[2J\x1b[H', ''), /\x1b/);
  });
});
