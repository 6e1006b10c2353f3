import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { asBlobSha, asRepoPath, type FactKey, type FileFacts, type RepoPath } from '../../../src/model/index.js';
import { factKeyOf } from '../../../src/facts/fact-key.js';
import { extractPythonFacts } from '../../../src/parse/python/extract-facts.js';
import { judgeSnapshot, type JudgedSnapshot } from '../../../src/judgment/judged-snapshot.js';
import { keepJudgments, type KeptJudgments } from '../../../src/judgment/kept-judgments.js';
import { ResolutionMemo } from '../../../src/resolve/resolver.js';
import { makeConfig, makeRule } from '../../helpers/engine-fixture.js';

// A full collection on demand, in this test process only.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * A daemon keeps, per kind of snapshot, the judgments of the latest one and
 * judges the next from them (session/kept-judgment-store.ts). What it keeps
 * must not hold the judged snapshot it was made from (its program, resolver
 * and memo), or through it every snapshot before: memory would grow with
 * every save.
 */
describe('kept judgments', () => {
  for (const [label, maxOverlay] of [['laid over a base', 1000], ['encoded as a new base', 0]] as const) {
    it(`do not keep the snapshots they were judged from alive (${label})`, async () => {
      const config = makeConfig([makeRule()]);
      const paths: RepoPath[] = ['app/__init__.py', 'app/a.py'].map(asRepoPath);
      const facts = new Map<FactKey, FileFacts>();
      facts.set(factKeyOf(asBlobSha('init'), 'python'), extractPythonFacts(Buffer.from('')));
      let kept: KeptJudgments | null = null;
      const firsts: Array<WeakRef<JudgedSnapshot>> = [];
      for (let n = 0; n <= 4; n++) {
        facts.set(factKeyOf(asBlobSha(`a${n}`), 'python'), extractPythonFacts(Buffer.from(`X = ${n}\n`)));
        const judged = judgeSnapshot({ config, files: paths, shaOf: (p) => asBlobSha(p.endsWith('a.py') ? `a${n}` : 'init'), facts, memo: new ResolutionMemo() }, kept);
        assert.deepEqual(judged.evaluation().violations, []);
        kept = keepJudgments(config, judged, kept, maxOverlay);
        if (n < 3) firsts.push(new WeakRef(judged));
      }
      // Let the WeakRefs' targets go (they are kept until the end of the current job).
      await new Promise((r) => setImmediate(r));
      gc();
      assert.deepEqual(firsts.map((w) => w.deref() === undefined), [true, true, true], 'an earlier judged snapshot is still reachable from the kept judgments');
      assert.equal(kept!.shaOf(paths[1]!), 'a4');
    });
  }
});
