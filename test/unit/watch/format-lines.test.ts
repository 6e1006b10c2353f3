import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ndjsonLine, verdictLines, violationLine } from '../../../src/watch/format-lines.js';
import { verdict, violation } from './verdicts.js';

describe('verdictLines', () => {
  const table: Array<[string, Parameters<typeof verdictLines>, string[]]> = [
    ['a clean first verdict', [verdict('staged'), null], ['staged: 0 violation(s) in 5 files']],
    ['a change, with its latency', [verdict('worktree', [violation('app/f.py', 2)], 12), 8], ['worktree: 1 violation(s) in 12 files (updated in 8 ms)', 'app/f.py:2:1 ws app.legacy.Manager']],
    ['several violations, in the verdict\'s order', [verdict('staged', [violation('b.py', 3), violation('a.py', 9)]), 0], ['staged: 2 violation(s) in 5 files (updated in 0 ms)', 'b.py:3:1 ws app.legacy.Manager', 'a.py:9:1 ws app.legacy.Manager']],
  ];
  for (const [name, input, expected] of table) it(name, () => assert.deepEqual(verdictLines(...input), expected));

  it('no escape codes, ever', () => assert.doesNotMatch(verdictLines(verdict('worktree', [violation('a.py', 1)]), 1).join('\n'), /\x1b/));
});

describe('violationLine', () => {
  it('names the legacy symbol, or "-" when the evidence has none', () => {
    assert.equal(violationLine(violation('a.py', 4)), 'a.py:4:1 ws app.legacy.Manager');
    assert.equal(violationLine(violation('a.py', 4, null)), 'a.py:4:1 ws -');
  });
});

describe('ndjsonLine', () => {
  it('a verdict is one line: the check --format json object plus event and latencyMs', () => {
    const line = ndjsonLine({ event: 'verdict', result: verdict('worktree', [violation('a.py', 2)]), latencyMs: 7 });
    assert.doesNotMatch(line, /\n/);
    const parsed = JSON.parse(line);
    assert.equal(parsed.event, 'verdict');
    assert.equal(parsed.latencyMs, 7);
    assert.equal(parsed.version, 1);
    assert.equal(parsed.snapshot, 'worktree');
    assert.equal(parsed.ok, false);
    assert.equal(parsed.violations[0].file, 'a.py');
  });

  it('other events as they are', () => {
    assert.deepEqual(JSON.parse(ndjsonLine({ event: 'watching', root: '/r', source: 'in-process' })), { event: 'watching', root: '/r', source: 'in-process' });
    assert.deepEqual(JSON.parse(ndjsonLine({ event: 'error', message: 'x' })), { event: 'error', message: 'x' });
  });
});
