import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyBaseline, baselineFrom, pruneBaseline } from '../../../src/baseline/apply-baseline.js';
import { formatBaseline, parseBaseline } from '../../../src/baseline/baseline-file.js';
import { asFingerprint, asRepoPath, type Violation } from '../../../src/model/index.js';

const v = (fp: string, file = 'a.py'): Violation => ({
  rule: 'r', severity: 'error', file: asRepoPath(file), line: 1, column: 1, unit: '<file>', message: 'm',
  fingerprint: asFingerprint(fp), status: 'new', evidence: [], chain: [],
});

describe('applyBaseline', () => {
  it('tolerates recorded violations and blocks new ones', () => {
    const base = baselineFrom([v('a'), v('b')]);
    const r = applyBaseline([v('a'), v('b'), v('c')], base);
    assert.deepEqual(r.fresh.map((x) => x.fingerprint), ['c']);
    assert.deepEqual(r.known.map((x) => x.fingerprint), ['a', 'b']);
    assert.deepEqual(r.stale, []);
  });
  it('respects the count per fingerprint: one more instance is new', () => {
    const base = baselineFrom([v('a'), v('a')]);
    assert.equal(base.entries[0]!.count, 2);
    assert.equal(applyBaseline([v('a'), v('a')], base).fresh.length, 0);
    assert.equal(applyBaseline([v('a'), v('a'), v('a')], base).fresh.length, 1);
  });
  it('reports fixed violations as stale with the unused count', () => {
    const base = baselineFrom([v('a'), v('a'), v('b')]);
    const r = applyBaseline([v('a')], base);
    assert.deepEqual(r.stale.map((e) => [e.fingerprint, e.count]), [['a', 1], ['b', 1]]);
  });
});

describe('pruneBaseline', () => {
  it('only lowers counts and drops entries at zero', () => {
    const base = baselineFrom([v('a'), v('a'), v('b')]);
    const pruned = pruneBaseline(base, [v('a'), v('a'), v('a'), v('c')]);
    assert.deepEqual(pruned.entries.map((e) => [e.fingerprint, e.count]), [['a', 2]]);
  });
});

describe('baseline file', () => {
  it('is sorted, stable and round-trips', () => {
    const base = baselineFrom([v('z', 'b.py'), v('y', 'a.py')]);
    const text = formatBaseline(base);
    assert.equal(text, formatBaseline(baselineFrom([v('y', 'a.py'), v('z', 'b.py')])));
    assert.deepEqual(parseBaseline(text, 'f'), base);
    assert.ok(text.indexOf('a.py') < text.indexOf('b.py'));
  });
  it('a malformed file is an error, not an empty baseline', () => {
    assert.throws(() => parseBaseline('{"version":1,"entries":[{"count":0}]}', 'f'), /entries\/0/);
    assert.throws(() => parseBaseline('nope', 'f'), /not valid JSON/);
  });
});
