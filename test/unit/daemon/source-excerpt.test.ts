import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sourceExcerpt } from '../../../src/daemon/source-excerpt.js';
import { asFingerprint, asRepoPath, asSymbolName, type CheckResult, type RepoPath } from '../../../src/model/index.js';

const file = asRepoPath('app/f.py');
const result: CheckResult = {
  snapshot: 'staged',
  ruleErrors: [],
  violations: [{
    rule: 'ws', severity: 'error', file, line: 2, column: 1, unit: '<file>', message: 'm', fingerprint: asFingerprint('f'), status: 'new',
    evidence: [
      { side: 'canonical', use: 'import', symbol: asSymbolName('a.B'), line: 1, column: 1, via: [], origin: 'a.B' },
      { side: 'legacy', use: 'import', symbol: asSymbolName('a.M'), line: 2, column: 1, via: [], origin: 'a.M' },
    ],
    chain: [],
  }],
  diagnostics: [{ file: asRepoPath('app/g.py'), line: 5, column: 1, code: 'syntax', message: 'bad' }],
  baseline: { known: 0, stale: [] },
  stats: { files: 2, parsed: 0, cacheHits: 2, ms: 1, daemon: true },
};

describe('sourceExcerpt', () => {
  it('keeps exactly the lines reporters frame: violation, evidence and diagnostic lines', () => {
    const lines: Record<string, string[]> = { 'app/f.py': ['import B', 'import M', 'x = 1'], 'app/g.py': ['', '', '', '', 'def (:'] };
    const excerpt = sourceExcerpt(result, (f: RepoPath, n: number) => lines[f]?.[n - 1], 'findings');
    assert.deepEqual(excerpt, { 'app/f.py': { 1: 'import B', 2: 'import M' }, 'app/g.py': { 5: 'def (:' } });
  });

  it('keeps only the lines the session carries: a daemon session carries the violations\', not the diagnostics\'', () => {
    const lines: Record<string, string[]> = { 'app/f.py': ['import B', 'import M', 'x = 1'], 'app/g.py': ['', '', '', '', 'def (:'] };
    const asked: string[] = [];
    const excerpt = sourceExcerpt(result, (f: RepoPath, n: number) => (asked.push(`${f}:${n}`), lines[f]?.[n - 1]), 'violations');
    assert.deepEqual(excerpt, { 'app/f.py': { 1: 'import B', 2: 'import M' } });
    assert.deepEqual(asked.sort(), ['app/f.py:1', 'app/f.py:2']);
    assert.deepEqual(sourceExcerpt(result, (f: RepoPath, n: number) => lines[f]?.[n - 1], 'none'), {});
  });

  it('omits lines the session could not read', () => {
    assert.deepEqual(sourceExcerpt(result, () => undefined, 'findings'), {});
  });
});
