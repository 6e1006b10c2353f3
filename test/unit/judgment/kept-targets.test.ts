import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asRepoPath } from '../../../src/model/index.js';
import { keepJudgments } from '../../../src/judgment/kept-judgments.js';
import { makeConfig, makeRule } from '../../helpers/engine-fixture.js';
import { judgedTexts } from '../../helpers/judged-texts.js';

/**
 * A rule's targets are the snapshot's, kept once with its judgments
 * (judgment/kept-targets.ts), not copied into every file's reads: a glob over
 * every module made each of 10,000 judgments carry 10,000 reads, and writing
 * them overflowed an array (issue 23's bench, 20 rules of mixed kinds).
 */
const MODULES = 200;
const config = makeConfig([makeRule({ id: 'glob', forbid: 'legacy', legacy: ['app.**.*Wrapper'], canonical: [], files: ['app/**'] })]);

function files(extra: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = { 'app/__init__.py': '', 'app/agents/__init__.py': '', 'app/legacy.py': 'class OldWrapper:\n    pass\n' };
  for (let i = 0; i < MODULES; i++) out[`app/m${i}.py`] = `def f${i}():\n    return ${i}\n`;
  out['app/agents/a.py'] = 'from app.legacy import OldWrapper\n';
  return { ...out, ...extra };
}

const judged = (code: Record<string, string>, earlier: Parameters<typeof judgedTexts>[2]) => judgedTexts(config, code, earlier);

test('a file judged under a glob rule reads its own imports, not every module the glob ranges over', () => {
  const snapshot = judged(files(), null);
  assert.equal(snapshot.evaluation().violations.length, 1);
  const reads = snapshot.judgments().get(asRepoPath('app/m7.py'))!.reads;
  assert.ok(reads.names.length / 2 + reads.files.length + reads.modules.length < 5, JSON.stringify(reads));
  // The glob's reads are the snapshot's, once: every candidate module's names.
  assert.ok(snapshot.targets().rules.get('glob')!.reads.names.length / 2 > MODULES);
});

test('a class renamed into the glob elsewhere changes the targets: every file is judged again, and the new find is caught', () => {
  const first = judged(files(), null);
  const kept = keepJudgments(config, first, null);
  const next = judged(files({ 'app/m3.py': 'class NewWrapper:\n    pass\n', 'app/agents/b.py': 'from app.m3 import NewWrapper\n' }), kept);
  assert.notEqual(next.targets().digest, first.targets().digest);
  assert.deepEqual(next.evaluation().violations.map((v) => v.file).sort(), ['app/agents/a.py', 'app/agents/b.py']);
});

test('an edit that leaves the targets as they were keeps them, and the other files\' judgments', () => {
  const first = judged(files(), null);
  const kept = keepJudgments(config, first, null);
  const next = judged(files({ 'app/m3.py': 'def f3():\n    return 33\n' }), kept);
  assert.equal(next.targets().digest, first.targets().digest);
  assert.equal(next.program().judgedHere, 1);
  assert.equal(next.evaluation().violations.length, 1);
});
