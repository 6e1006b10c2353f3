import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { changedNames } from '../../../src/resolve/binding-changes.js';
import { extractPythonFacts } from '../../../src/parse/python/extract-facts.js';

const facts = (text: string) => extractPythonFacts(Buffer.from(text));

describe('changedNames: which names of a module change meaning for its importers', () => {
  const table: Array<[string, string, string, string[]]> = [
    ['a comment or a function body', 'from a import X\n\ndef f():\n    return 0\n', '# note\nfrom a import X\n\ndef f():\n    return X()\n', []],
    ['a new function is a new name', 'from a import X\n', 'from a import X\n\ndef f():\n    pass\n', ['*', 'f']],
    ['the source of one re-export', 'from a import X\nfrom b import Y\n', 'from a import X\nfrom c import Y\n', ['Y']],
    ['an alias target', 'from a import X\nZ = X\n', 'from a import X\nZ = X.inner\n', ['Z']],
    ['a name becomes defined here', 'from a import X\n', 'class X:\n    pass\n', ['*', 'X']],
    ['__all__ changes the star exports only', 'from a import X\n__all__ = ["X"]\n', 'from a import X\n__all__ = []\n', ['*']],
    ['the order of two bindings of one name (the last one stands)', 'from a import X\nM = X\nfrom b import M\n', 'from b import M\nfrom a import X\nM = X\n', ['M']],
    ['an import inside a function is not a module binding', 'from a import X\n\ndef f():\n    pass\n', 'from a import X\n\ndef f():\n    from b import Y\n', []],
  ];
  for (const [name, before, after, expected] of table) it(name, () => assert.deepEqual([...changedNames(facts(before), facts(after))].sort(), expected));
});
