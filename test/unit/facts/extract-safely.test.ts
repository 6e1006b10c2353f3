import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SOURCE_BYTES, extractFactsSafely } from '../../../src/facts/extract-safely.js';
import type { FileKind } from '../../../src/model/index.js';

describe('extractFactsSafely', () => {
  const huge = Buffer.alloc(MAX_SOURCE_BYTES + 1, 0x20);
  for (const kind of ['python', 'ts', 'js', 'package'] as FileKind[]) {
    it(`a ${kind} file over the size limit is not parsed, and says so in a blocking warning`, () => {
      const facts = extractFactsSafely(huge, kind);
      assert.deepEqual(facts.warnings.map((w) => [w.code, w.line]), [['too-large', 1]]);
      assert.match(facts.warnings[0]!.message, /NOT checked.*exclude/);
      assert.deepEqual(facts.imports, []);
    });
  }
});

describe('a Git LFS pointer', () => {
  const pointer = Buffer.from('version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n');
  it('is not read as Python with a syntax error: a blocking warning says its content is not in the commit and how to fix it', () => {
    const facts = extractFactsSafely(pointer, 'python');
    assert.deepEqual(facts.warnings.map((w) => [w.code, w.line]), [['lfs-pointer', 1]]);
    assert.match(facts.warnings[0]!.message, /Git LFS pointer.*not in the commit.*NOT checked.*git lfs untrack.*exclude/);
  });
  it('but a real file that starts with those words, larger than any pointer, is parsed', () => {
    const big = Buffer.concat([pointer, Buffer.from(`x = 1\n${'#'.repeat(2000)}\n`)]);
    assert.ok(extractFactsSafely(big, 'python').warnings.every((w) => w.code === 'syntax'));
  });
});
