/**
 * Work on broken Python is bounded (issue 18): Lezer's error recovery may
 * spend a budget of steps proportional to the file, the salvage of import
 * lines a budget of bytes; past either the file is reported, blocking, at
 * the line where reading stopped. Behaviour, not time: the budgets are counts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseBounded, RECOVERY_BASE_STEPS } from '../../../src/parse/python/bounded-parse.js';
import { SALVAGE_BASE_BYTES } from '../../../src/parse/python/salvage-imports.js';
import { extractFactsSafely } from '../../../src/facts/extract-safely.js';
import { isUnjudged } from '../../../src/model/index.js';

const MIX = 'from app.bridge import Bridge\nfrom app.legacy import Manager\n';
const codes = (text: string) => extractFactsSafely(Buffer.from(text)).warnings.map((w) => w.code);

describe('the parse of broken input', () => {
  for (const [name, line] of [['broken line continuations', 'x = 1 \\ y\n'], ['`x = = 1` lines', 'x = = 1\n']] as const) {
    it(`${name}: stopped once recovery has used its budget, and the file is reported where it stopped, blocking`, () => {
      const text = MIX + line.repeat(200_000);
      const parsed = parseBounded(text);
      assert.ok(parsed.stoppedAt > 0 && parsed.stoppedAt < text.length / 4, `stopped at ${parsed.stoppedAt} of ${text.length}`);
      assert.ok(parsed.tree.length < text.length, 'the tree ends about where the parse stopped');
      const facts = extractFactsSafely(Buffer.from(text));
      const stop = facts.warnings.find((w) => w.code === 'too-broken')!;
      assert.ok(stop && isUnjudged(stop), 'a blocking warning');
      assert.ok(stop.line > 2, `at the line reached: ${stop.line}`);
      assert.match(stop.message, /NOT fully checked.*exclude/);
      assert.deepEqual(facts.imports.map((i) => i.module), ['app.bridge', 'app.legacy'], 'what was read before still counts');
    });
  }

  it('imports after the point where it stopped are still found (by the salvage)', () => {
    const facts = extractFactsSafely(Buffer.from('x = = 1\n'.repeat(100_000) + MIX));
    assert.ok(facts.warnings.some((w) => w.code === 'too-broken'));
    assert.deepEqual(facts.imports.map((i) => i.module).sort(), ['app.bridge', 'app.legacy']);
  });

  it('well-formed code and a file with an error every few lines are read whole, not stopped', () => {
    const good = 'def f(a, b=1):\n    return a + b * 2  # c\n'.repeat(50_000);
    assert.equal(parseBounded(good).stoppedAt, -1);
    assert.ok(!codes(good).includes('too-broken'));
    const py2 = 'def f(a):\n    x = a + 1\n    print "x %d" % x\n    return x\n\n\n'.repeat(10_000);
    assert.equal(parseBounded(py2).stoppedAt, -1);
    assert.ok(!codes(py2).includes('too-broken'));
  });

  it('a small budget stops even a small file (the budget is a count of recovery steps)', () => {
    assert.equal(parseBounded('x = = 1\n'.repeat(100), 10).stoppedAt > 0, true);
    assert.equal(parseBounded('x = = 1\n'.repeat(100), RECOVERY_BASE_STEPS).stoppedAt, -1);
  });
});

describe('the salvage of import lines', () => {
  it('stops, saying where, once the statements it reads on their own pass their budget (an unclosed `(` run: each line reaches the same `)`)', () => {
    const text = `x = (\n${'from m import (\n'.repeat(20_000)})\n`;
    const facts = extractFactsSafely(Buffer.from(text));
    const stop = facts.warnings.find((w) => w.code === 'too-broken');
    assert.ok(stop, JSON.stringify(facts.warnings));
    assert.ok(stop.line > 2 && stop.line < 20_000, `${stop.line}`);
  });

  it('with the default budget, every import line of a short broken file is read', () => {
    const text = `x = (\n${MIX}`;
    const facts = extractFactsSafely(Buffer.from(text));
    assert.deepEqual(facts.imports.map((i) => i.module).sort(), ['app.bridge', 'app.legacy']);
    assert.ok(!facts.warnings.some((w) => w.code === 'too-broken'));
    assert.ok(SALVAGE_BASE_BYTES > text.length);
  });
});
