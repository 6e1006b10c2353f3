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
