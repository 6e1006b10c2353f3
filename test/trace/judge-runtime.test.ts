import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Config, RepoPath, Rule } from '../../src/model/index.js';
import { judgeRuntime } from '../../src/trace/judge-runtime.js';
import { parseEvidence, type RuntimeUse } from '../../src/trace/evidence-files.js';
import { mergeVerdicts } from '../../src/trace/merge-verdicts.js';
import { fingerprintOf } from '../../src/rules/fingerprint.js';
import { tracerPlan } from '../../src/trace/tracer-plan.js';

function config(rule: Partial<Rule>): Config {
  const full = {
    id: 'r', language: 'python', message: 'm', severity: 'error',
    scope: { files: ['app/**'], exclude: ['app/tests/**'], dependentsOf: [], dependentsDepth: 1 },
    canonical: ['app.bridge.Bridge'], legacy: ['app.ws.Manager'], removed: [], forbid: 'mix', spellings: {}, aliases: [],
    unit: 'file', transitive: false, ...rule,
  } as unknown as Rule;
  return { base: '', file: 'ssot-guard.config.json', baselineFile: 'ssot-guard.baseline.json', pythonRoots: ['.'], include: ['**/*.py'], exclude: [], typeOnlyImports: 'ignore', rules: [full], hash: 'h' } as unknown as Config;
}

const use = (symbol: string, ...frames: Array<[string, number, string]>): RuntimeUse => ({ symbol, kind: 'call', frames });

describe('judgeRuntime', () => {
  it('a unit that used both sides is a mix, located at the legacy use, fingerprinted as check does', () => {
    const [v, ...rest] = judgeRuntime(config({}), [use('app.bridge.Bridge', ['app/f.py', 3, 'make']), use('app.ws.Manager', ['app/f.py', 9, 'make'], ['run.py', 1, '<module>'])]);
    assert.deepEqual(rest, []);
    assert.equal(v!.file, 'app/f.py');
    assert.equal(v!.line, 9);
    assert.equal(v!.unit, '<file>');
    assert.equal(v!.fingerprint, fingerprintOf('r', 'app/f.py', '<file>', ['canonical:app.bridge.Bridge', 'legacy:app.ws.Manager']));
    assert.deepEqual(v!.evidence.find((e) => e.side === 'legacy')!.via, ['at run time (called): app/f.py:9 (make)', 'run.py:1 (<module>)']);
    // The JSON contract's kind of use: a call at run time is a call.
    assert.equal(v!.evidence.find((e) => e.side === 'legacy')!.use, 'call');
  });

  it('one side alone is no mix; forbid legacy reports it', () => {
    const uses = [use('app.ws.Manager', ['app/f.py', 9, 'make'])];
    assert.deepEqual(judgeRuntime(config({}), uses), []);
    assert.equal(judgeRuntime(config({ forbid: 'legacy' }), uses).length, 1);
  });

  it('the unit is the innermost frame in scope: an out-of-scope helper passes it on, an excluded file is skipped', () => {
    const uses = [use('app.bridge.Bridge', ['lib/h.py', 2, 'help'], ['app/f.py', 3, 'a']), use('app.ws.Manager', ['app/tests/t.py', 1, 't'], ['app/f.py', 4, 'a'])];
    assert.deepEqual(judgeRuntime(config({}), uses).map((v) => [v.file, v.line]), [['app/f.py', 4]]);
  });

  it('function mode: two defs that each use one side are no mix', () => {
    const uses = [use('app.bridge.Bridge', ['app/f.py', 3, 'a']), use('app.ws.Manager', ['app/f.py', 9, 'b'])];
    assert.deepEqual(judgeRuntime(config({ unit: 'function' }), uses), []);
    assert.equal(judgeRuntime(config({ unit: 'file' }), uses).length, 1);
  });

  it('merging: a finding check already reports is not said twice; a stale baseline entry tolerates it', () => {
    const [v] = judgeRuntime(config({}), [use('app.bridge.Bridge', ['app/f.py', 3, 'a']), use('app.ws.Manager', ['app/f.py', 9, 'a'])]);
    const empty = { snapshot: 'staged', ruleErrors: [], violations: [], diagnostics: [], baseline: { known: 0, stale: [] }, stats: { files: 0, parsed: 0, cacheHits: 0, ms: 0, daemon: false } } as const;
    assert.equal(mergeVerdicts({ ...empty, violations: [v!] }, [v!]).violations.length, 1);
    assert.equal(mergeVerdicts(empty, [v!]).violations.length, 1);
    const stale = { fingerprint: v!.fingerprint, rule: 'r', file: v!.file, unit: v!.unit, count: 1 };
    const merged = mergeVerdicts({ ...empty, baseline: { known: 0, stale: [stale] } }, [v!]);
    assert.deepEqual([merged.violations.length, merged.baseline.known, merged.baseline.stale.length], [0, 1, 0]);
  });
});

describe('evidence files', () => {
  it('a process without its end marker is incomplete; a line cut mid-write is dropped', () => {
    const done = parseEvidence('1.jsonl', '{"start": 1, "argv": ["a.py"]}\n{"symbol": "s", "kind": "call", "frames": []}\n{"end": 1}\n');
    assert.deepEqual([done.pid, done.complete, done.uses.length], [1, true, 1]);
    const cut = parseEvidence('2.jsonl', '{"start": 2, "argv": []}\n{"symbol": "s", "kind": "call", "frames": []}\n{"symb');
    assert.deepEqual([cut.complete, cut.uses.length], [false, 1]);
  });

  it('the plan watches each declared symbol as a name of its module and as a module', () => {
    assert.deepEqual(tracerPlan('/r', [config({ canonical: ['app.bridge.Bridge'] as never, legacy: ['app.ws.Manager'] as never })], [], []).symbols.map((s) => [s.module, s.name]),
      [['app.bridge', 'Bridge'], ['app.bridge.Bridge', null], ['app.ws', 'Manager'], ['app.ws.Manager', null]]);
  });

  it("the plan lists each rule's scope over the index's files, by index", () => {
    const tracked = ['app/a.py', 'app/b.py', 'lib/c.py'] as RepoPath[];
    const plan = tracerPlan('/r', [], tracked, [{ symbols: ['app.ws.Manager'], inScope: (f) => f.startsWith('app/') }, { symbols: ['x.Y'], inScope: () => false }]);
    assert.deepEqual([plan.tracked, plan.rules], [tracked, [{ symbols: ['app.ws.Manager'], files: [0, 1] }, { symbols: ['x.Y'], files: [] }]]);
  });
});
