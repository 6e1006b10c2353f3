import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { asBlobSha, asRepoPath, type FactKey, type FileFacts, type RepoPath } from '../../../src/model/index.js';
import { factKeyOf } from '../../../src/facts/fact-key.js';
import { extractPythonFacts } from '../../../src/parse/python/extract-facts.js';
import { buildProgram, type Program } from '../../../src/session/build-program.js';
import { ResolutionMemo } from '../../../src/resolve/resolver.js';
import { makeConfig, makeRule } from '../../helpers/engine-fixture.js';

// A full collection on demand, in this test process only.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('buildProgram', () => {
  it('a program does not keep the one it was updated from alive (a daemon builds one per check)', async () => {
    const config = makeConfig([makeRule()]);
    const memo = new ResolutionMemo();
    const paths: RepoPath[] = ['app/__init__.py', 'app/a.py'].map(asRepoPath);
    const facts = new Map<FactKey, FileFacts>();
    /** Each revision gives app/a.py another blob: every update asks which files changed. */
    const revision = (n: number): Program => {
      facts.set(factKeyOf(asBlobSha(`a${n}`), 'python'), extractPythonFacts(Buffer.from(`X = ${n}\n`)));
      facts.set(factKeyOf(asBlobSha('init'), 'python'), extractPythonFacts(Buffer.from('')));
      return buildProgram(paths, (p) => asBlobSha(p.endsWith('a.py') ? `a${n}` : 'init'), facts, config, memo, latest);
    };
    let latest: Program | undefined;
    latest = revision(0);
    const first = new WeakRef(latest);
    for (let n = 1; n <= 3; n++) latest = revision(n);
    // Let the WeakRef's target go (it is kept until the end of the current job).
    await new Promise((r) => setImmediate(r));
    gc();
    assert.equal(first.deref(), undefined, 'the first program is still reachable from the latest');
    assert.equal(latest.shaOf(paths[1]!), 'a3');
  });
});
