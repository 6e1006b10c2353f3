import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { splitRecords } from '../../../src/git/records.js';

// A full collection on demand, in this test process only.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('splitRecords', () => {
  it('a kept path or sha does not keep the whole git output alive', () => {
    /** ~8 MB of `ls-files -s -z` output. */
    const output = (round: number) =>
      Array.from({ length: 100_000 }, (_, i) => `100644 ${String(i + round).padStart(40, '0')} 0\tapp/some/package/path/module_${i}.py`).join('\0');
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept: string[] = [];
    // As a daemon does: one output per commit, a sha and a path of each kept (fact cache keys, memo keys).
    for (let round = 0; round < 10; round++) {
      let n = 0;
      for (const [meta, path] of splitRecords(output(round), 'ls-files -s')) if (n++ === round) kept.push(meta.split(' ')[1]!, path);
    }
    gc();
    const retainedMb = (process.memoryUsage().heapUsed - before) / 2 ** 20;
    assert.equal(kept.length, 20);
    assert.ok(retainedMb < 10, `20 short strings kept ${retainedMb.toFixed(1)} MB alive`);
  });
});
