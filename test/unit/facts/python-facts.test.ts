import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FileFacts } from '../../../src/model/index.js';
import { extractPythonFacts } from '../../../src/parse/python/extract-facts.js';

const facts = (src: string): FileFacts => extractPythonFacts(Buffer.from(src));
const at = (line: number, column: number) => ({ line, column });

/** Module-level facts as CPython reads the module (cases found by `npm run verify:real` on real code). */
describe('extractPythonFacts: __all__, aliases, definitions', () => {
  const table: Array<[string, string, Partial<Pick<FileFacts, 'definitions' | 'aliases' | 'dunderAll' | 'rebound'>>]> = [
    ['a class after an import of its name rebinds it', 'from m import X, Y\nclass X:\n    pass\nY = 1\n', { rebound: ['X', 'Y'] }],
    ['an import after the definition binds the name again', 'class X:\n    pass\nfrom m import X\n', { rebound: [] }],
    ['a definition under try or if may not run: not a rebinding', 'from m import X\ntry:\n    X = 1\nexcept ImportError:\n    pass\nif c:\n    def X(): pass\n', { rebound: [] }],
    ['an alias after the import is no definition', 'from m import X\nfrom n import Z\nX = Z\n', { rebound: [] }],
    ['an import under try after the definition binds the name again (functools: class partial, then try: from _functools import partial)', 'class X:\n    pass\ntry:\n    from m import X\nexcept ImportError:\n    pass\n', { rebound: [] }],
    ['a decorated def rebinds too', 'from m import f\n@wraps(g)\ndef f():\n    pass\n', { rebound: ['f'] }],
    ['comments inside a literal __all__', '__all__ = [\n    # public\n    "a",  # the one\n    "b",\n]\n', { dunderAll: ['a', 'b'] }],
    ['__all__ as a tuple without parentheses', "__all__ = 'a', 'b'\n", { dunderAll: ['a', 'b'] }],
    ['__all__.append and __all__.extend of literals extend it', "__all__ = ['a']\nif x:\n    __all__.append('b')\n__all__.extend(('c', 'd'))\n",
      { dunderAll: ['a', 'b', 'c', 'd'] }],
    ['__all__.extend of something else makes it non-literal', "__all__ = ['a']\n__all__.extend(_names())\n", { dunderAll: null }],
    ['names in parenthesised and bracketed targets are definitions', '(A, B) = 1, 2\n[c, *d] = x\n((e, f), g) = y\n(h): int = 3\nobj.attr, (i,) = z\n',
      { definitions: ['A', 'B', 'c', 'd', 'e', 'f', 'g', 'h', 'i'], aliases: [] }],
    ['an alias through parentheses', 'import m\nX = (m.Y)\nZ = (m).cols\n',
      { aliases: [{ name: 'X', target: 'm.Y', ...at(2, 1) }, { name: 'Z', target: 'm.cols', ...at(3, 1) }] }],
    ['__all__.append in a function is not module level', "__all__ = ['a']\ndef f():\n    __all__.append('b')\n", { dunderAll: ['a'] }],
    ['a tuple without parentheses is no alias of its first element', 'from m import A, B\nx = A, B\ny = A\n',
      { definitions: ['x', 'y'], aliases: [{ name: 'y', target: 'A', ...at(3, 1) }] }],
  ];
  for (const [name, src, expected] of table) {
    it(name, () => {
      const f = facts(src);
      const got: Record<string, unknown> = {};
      for (const k of Object.keys(expected) as Array<keyof typeof expected>) got[k] = f[k];
      assert.deepEqual(got, expected);
      assert.deepEqual(f.warnings, []);
    });
  }
});
