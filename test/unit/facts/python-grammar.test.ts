/**
 * Python that CPython 3.11 accepts must parse without a syntax warning, and the
 * imports around each construct must still be read (a false syntax error
 * sends a file to the salvage pass and costs its facts' precision). One row
 * per construct the vendored grammar (src/parse/python/grammar/) was fixed
 * for; each failed with @lezer/python 1.1.19's grammar.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { extractPythonFacts } from '../../../src/parse/python/extract-facts.js';
import { eachReference, type FileFacts } from '../../../src/model/index.js';

const facts = (src: string): FileFacts => extractPythonFacts(Buffer.from(src));
/** Imports as `unit:module`, in source order. */
const importsOf = (f: FileFacts): string[] => f.imports.map((i) => `${i.unit}:${i.module}`);
const syntaxWarnings = (f: FileFacts): string[] => f.warnings.filter((w) => w.code === 'syntax').map((w) => `${w.line}:${w.column} ${w.message}`);
const referencesOf = (f: FileFacts): string[] => {
  const out: string[] = [];
  eachReference(f.references, (r) => out.push(`${r.unit}:${r.dotted}`));
  return out;
};
const lines = (...ls: string[]): string => ls.join('\n') + '\n';
/** `n` statements of a def body, a blank line after each. */
const blankSeparatedBody = (n: number): string => Array.from({ length: n }, (_, i) => `    x${i} = f(${i})\n\n`).join('');

describe('Python grammar: constructs CPython 3.11 accepts parse without a syntax warning', () => {
  const table: Array<[string, string, string[]]> = [
    ['a bare yield statement, an import after it in the function', lines('def f():', '    yield', '    import a', 'import b'), ['f:a', '<module>:b']],
    ['a bare yield as a value: x = yield, (yield), lambda: (yield)', lines('def f():', '    x = yield', '    y = (yield)', '    g = lambda: (yield)', '    import a'), ['f:a']],
    ['PEP 614 decorator: a call of a call', lines('@a()("x")', 'def f():', '    import a', 'import b'), ['f:a', '<module>:b']],
    ['PEP 614 decorators: subscript, lambda, named expression', lines('@x[0].y', '@(lambda f: f)', '@d := g', 'class C:', '    def m(self): import a'), ['C.m:a']],
    ['async with ... as a tuple, and attribute and subscript targets', lines('async def f():', '    async with f() as (a, b):', '        import a', '    with g() as x.y, h() as z[0]:', '        import b'), ['f:a', 'f:b']],
    ['parenthesized with items (3.10), trailing comma and all', lines('with (open(a) as f, open(b) as g,):', '    import a', 'with (', '    open(a) as f,', '    open(b)', '):', '    import b', 'with (a, b) as c:', '    import c'), ['<module>:a', '<module>:b', '<module>:c']],
    ['a starred comprehension target', lines('x = [x for *_, x in y]', 'import a'), ['<module>:a']],
    ['a starred for iterable', lines('for x in *a, *b:', '    import a'), ['<module>:a']],
    ['a float with nothing after its point', lines('x = 1. + 1.e5 + 1.j + 1..real', 'def f(s=1.): import a'), ['f:a']],
    ['empty class, sequence and mapping patterns', lines('match x:', '    case C():', '        import a', '    case [] | () | {}:', '        import b'), ['<module>:a', '<module>:b']],
    ['a dotted mapping key and concatenated strings as patterns', lines('match x:', '    case {A.B: 1, "a" "b": y}:', '        import a'), ['<module>:a']],
    ['a tuple or comparison as the match subject, a named expression as the guard', lines('match x, y:', '    case 1, 2 if z := x:', '        import a', 'match a == b:', '    case True:', '        import b'), ['<module>:a', '<module>:b']],
    ['lambda parameters: positional-only marker and trailing comma', lines('f = lambda a, /, b: a', 'g = lambda a,: a', 'h = lambda a, /, : a', 'import a'), ['<module>:a']],
    ['named expressions in a set and a set comprehension', lines('x = {y := 1, 2}', 'z = {w := f(v) for v in a}', 'import a'), ['<module>:a']],
    ['PEP 646: a starred subscript and a starred *args annotation', lines('x = a[*b]', 'def f(*args: *Ts):', '    import a'), ['f:a']],
    ['augmented assignment of a starred tuple', lines('x += *a, b', 'import a'), ['<module>:a']],
    ['a format spec opening with =', lines('x = f"{y:=^9}"', 'import a'), ['<module>:a']],
    ['a form feed on its own line and in indentation', lines('import a', '\f', 'if x:', '    y = 1', '\f    import b'), ['<module>:a', '<module>:b']],
    ['print as a Python 3 name: assigned, updated, unpacked, bare', lines('print = log', 'print += 1', 'print, x = 1, 2', 'print;', 'import a', 'print'), ['<module>:a']],
    ['a backslash continuation across \\r\\n, in code and in a string', 'x = 1 + \\\r\n    2\r\ny = ("a\\\r\nb")\r\nimport a\r\n', ['<module>:a']],
    ['600 blank-line-separated statements in a def body', `def f():\n${blankSeparatedBody(600)}    import a\nimport b\n`, ['f:a', '<module>:b']],
    ['a CRLF file of 250 backslash-continued strings holding a bracket (not brackets nested too deep)', 'x = f("(a\\\r\nb")\r\n'.repeat(250) + 'import a\r\n', ['<module>:a']],
  ];
  for (const [name, src, expected] of table) {
    it(name, () => {
      const f = facts(src);
      assert.deepEqual(syntaxWarnings(f), []);
      assert.deepEqual(importsOf(f), expected);
    });
  }
});

describe('Python grammar: references read from the fixed constructs', () => {
  it('a dotted decorator is one reference, as the same expression anywhere else', () => {
    const f = facts(lines('import app', 'from flask import route', '@app.route("/")', 'def f(): pass'));
    assert.deepEqual(referencesOf(f), ['<module>:app.route']);
  });
  it('a raw f-string reads the field after a backslash', () => {
    const f = facts(lines('import x', 'y = rf"\\{x.a}"'));
    assert.deepEqual(syntaxWarnings(f), []);
    assert.deepEqual(referencesOf(f), ['<module>:x.a']);
  });
  it('a starred *args annotation is a reference (in the def, as annotations are), not a parameter', () => {
    const f = facts(lines('import t', 'def f(*args: *t.Ts): pass'));
    assert.deepEqual(syntaxWarnings(f), []);
    assert.deepEqual(referencesOf(f), ['f:t.Ts']);
  });
});

/** Guards for the rewritten line-break tokenizer (tokens.js): these parsed as they should before it too. */
describe('Python grammar: blank and comment-only lines, and line breaks that still are errors', () => {
  const clean: Array<[string, string, string[]]> = [
    ['comment lines before the first statement, between decorator and def, at the end', lines('# a', '', '#b', '@d', '', '# c', 'def f():', '    import a', '', '    # d', '', '# e'), ['f:a']],
    ['a comment line less indented inside a block, then else', lines('if x:', '    import a', '# c', '', 'else:', '    import b'), ['<module>:a', '<module>:b']],
    ['comment lines in a match body', lines('match x:', '    # c', '', '    case 1:', '        import a', '    # d', '    case 2:', '        import b'), ['<module>:a', '<module>:b']],
    ['no newline at the end of the file', 'import a\nif x:\n    import b', ['<module>:a', '<module>:b']],
    ['CRLF and lone CR line endings', 'import a\r\n\r\n# c\r\nif x:\r\n    import b\r\rimport c\r', ['<module>:a', '<module>:b', '<module>:c']],
  ];
  for (const [name, src, expected] of clean) {
    it(name, () => {
      const f = facts(src);
      assert.deepEqual(syntaxWarnings(f), []);
      assert.deepEqual(importsOf(f), expected);
    });
  }

  it('`import` alone on a line is an error, and does not import the next line', () => {
    const f = facts(lines('import ', 'foo'));
    assert.equal(syntaxWarnings(f).length > 0, true);
    assert.deepEqual(importsOf(f), []);
  });
  it('an assignment missing its value is an error', () => {
    assert.equal(syntaxWarnings(facts(lines('x = ', 'import a'))).length > 0, true);
  });
});
