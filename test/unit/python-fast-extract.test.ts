import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { extractPythonFacts, extractPythonFactsFast, extractPythonFactsLezer } from '../../src/parse/python/extract-facts.js';

/** The fast extractor answers on `src`, with exactly the lezer walk's facts. */
function sameAsLezer(src: string): void {
  const bytes = Buffer.from(src);
  const fast = extractPythonFactsFast(bytes);
  assert.notEqual(fast, null, 'the fast extractor fell back');
  assert.deepStrictEqual(fast, extractPythonFactsLezer(bytes));
}

describe('fast Python extractor: the same facts as lezer', () => {
  const table: Array<[string, string]> = [
    ['string prefixes', 'import m\nx = (r"\\d", b"x", u"y", rb"z", BR"w", Rf"{m.a}", fR\'{m.b}\', F"{m.c}", "a" \'b\' """c""")\n'],
    ['triple quotes over lines, escapes', "import m\ns = '''a\n' b \\''' c\n'''\nt = \"x\\\"y\" + m.Z\n"],
    ['f-string fields: conversions, specs with nested fields, self-doc, dict and call', 'import m\nw = 3\ns = f"{m.a!r:>{w}} {m.b=} {m.c(1)!s} {{m.no}} {m.d[\'k\']:{w}.{w}f} {\'\'.join(m.e)}"\n'],
    ['f-string field with a comparison and a lambda in parentheses', 'import m\nx = f"{m.a != m.b} {(lambda q: q)(m.c)}"\n'],
    ['triple-quoted f-string with a field over lines', 'import m\nx = f"""{\n  m.a\n}"""\n'],
    ['backslash continuation', 'import m\nx = m.a + \\\n    m.b\nif x and \\\n        m.c:\n    pass\n'],
    ['tabs and form feeds', 'import m\nif m.x:\n\tm.y()\n\x0c\ndef f():\n\tif m.z:\n\t\treturn m.w\n'],
    ['decorators, their calls and units', 'import m\n@m.deco\n@m.factory(m.arg)\ndef f(x: m.T = m.default, *a: m.A, k=m.k, **kw: m.K) -> m.R:\n    return m.body\n'],
    ['TYPE_CHECKING bodies', 'from typing import TYPE_CHECKING\nimport typing\nif TYPE_CHECKING:\n    import a\n    from b import C\nelse:\n    import d\nif typing.TYPE_CHECKING: import e\n'],
    ['nested defs and classes for units and methods', 'import m\nclass A(m.Base):\n    x = m.v\n    def f(self):\n        class B:\n            def g(self): return m.g\n        def h(): import q\n        return m.f\n    if m.c:\n        def j(self): pass\n    async def k(self): await m.k()\n'],
    ['keyword arguments, walrus, star arguments', 'import m\nm.f(a=m.a, *m.args, **m.kw)\nif (n := m.n):\n    m.g(x := 1)\n'],
    ['dotted chains, subscripts and calls breaking them', 'import m\nm.a.b.c\nm.a[0].b\nm.a().b.c()\nx = (m).Name\ny = ((m.a)).b\n(m.f)(1)\n(m).g(2)\nm.a.b[1](2)\n'],
    ['calls on any receiver, outer calls first', 'import m\nx.send_json(1)\nm.a(1).b(2).a(3)\nself.x.y.create()\n'],
    ['class bases and keywords', 'import m\nclass A(m.B, m.C[int], (m.D), *m.bases, metaclass=m.Meta, **m.kw): pass\n'],
    ['string annotations', 'import m\nfrom typing import Optional\nx: "m.Manager" = None\ndef f(a: Optional["m.A"], b: "m.B | None") -> "list[m.C]": pass\n'],
    ['__all__ and its updates', "__all__ = ['a']\n__all__ += ['b']\n__all__.append('c')\n__all__.extend(('d', 'e'))\nif x:\n    __all__ += ('f',)\n"],
    ['__all__ made non-literal', "__all__ = ['a']\n__all__.extend(names())\n__all__ += ['b']\n"],
    ['dynamic imports, bound, attributes, relative, fromlist', 'import importlib\nfrom importlib import import_module as load\nm = importlib.import_module("pkg.mod")\nn = load(".rel", "pkg")\nX = __import__("a.b").b.X\ny = __import__("c.d", None, None, ["e"])\nif c:\n    z = importlib.import_module("g")\nimportlib.import_module("h", package="p")\n'],
    ['a same-named function of another module is no dynamic import', 'from other import import_module\nimport_module("x")\n'],
    ['aliases, definitions, rebound names', 'import m\nfrom n import X, Y\nA = m.B\nC = D = m.E\na, b = m.c, m.d\n(e, [f, *g]) = h\nX = 1\nclass Y: pass\nif z:\n    W = m.W\np = 1; q = m.q\nr: int = m.r\n'],
    ['for, with, except, global, del, comprehensions and lambdas', 'import m\nfor m.x in m.y: pass\nwith m.a() as b, (m.c) as d: pass\nwith (m.e as f, m.g):\n    pass\ntry:\n    pass\nexcept (m.E, m.F) as e:\n    global g\n    del m.h\n[m.i for j in m.k if m.l]\n{m.a: m.b for c in d}\nf = lambda x, y=m.y, *z, q=w: m.body(x)\n'],
    ['imports everywhere, guarded or not', 'import a.b as c, d.e\nfrom .. import f\nfrom ...g.h import (i as j, k,)\nfrom l import *\ndef fn():\n    import m\n    if x:\n        import n\ntry:\n    import o\nexcept ImportError:\n    o = None\nimport p; import q\n'],
    ['suppression comments, but not inside an import', 'import m  # ssot-guard: allow r1 -- why\nfrom n import (a,  # ssot-guard: allow r2 -- hidden\n    b)\nx = 1  # ssot-guard: allow r3\n'],
    ['non-ASCII names and strings', 'import m\nnaïve = m.café\nπ = "ünïcode"\n'],
    ['print as a function and soft keywords as names', 'import m\nprint(m.x)\nmatch = m.match\ntype = m.type\nmatch.group()\n'],
    ['type as a name before anything but a name: a call, an annotation', 'import m\ntype(m.x)\ntype(m.y)()\nclass C:\n    type: m.T = m.t\n    def f(self):\n        type(self).g()\n'],
    ['numbers of every form', 'x = (1, 1_000, 0x_ff, 0o17, 0b1, 1.5, .5, 1., 1e-3, 1.5j, 10J)\n'],
    ['CRLF and CR line endings', 'import m\r\nx = m.a\r\nif x:\r\n    m.b()\r\n'],
  ];
  for (const [name, src] of table) it(name, () => sameAsLezer(src));
});

describe('fast Python extractor: what it leaves to lezer', () => {
  const table: Array<[string, string]> = [
    ['a match statement', 'match x:\n    case 1:\n        pass\n'],
    ['a type alias statement (3.12)', 'type X = int\n'],
    ['type parameters (3.12)', 'def f[T](x: T) -> T: pass\n'],
    ['a nested f-string of the same quote (3.12)', 'x = f"{f"{1}"}"\n'],
    ['an unterminated string', 'x = "abc\n'],
    ['an unterminated triple-quoted string', 'x = """abc\n'],
    ['unbalanced brackets', 'x = (1, 2\n'],
    ['a closing bracket too many', 'x = 1)\n'],
    ['an inconsistent dedent', 'if x:\n    a = 1\n  b = 2\n'],
    ['an unexpected indent', 'a = 1\n    b = 2\n'],
    ['brackets nested past the limit', `x = ${'('.repeat(201)}1${')'.repeat(201)}\n`],
    ['a syntax error', 'x = = 1\n'],
    ['Python 2 print statement', 'print "hello"\n'],
    ['Python 2 except clause', 'try:\n    pass\nexcept E, e:\n    pass\n'],
    ['a backslash not before a line break', 'x = 1 \\ 2\n'],
    ['a continuation starting a line', 'x = 1\n\\\ny = 2\n'],
  ];
  for (const [name, src] of table) it(name, () => assert.equal(extractPythonFactsFast(Buffer.from(src)), null));

  it('extractPythonFacts still answers there, from lezer', () => {
    const src = Buffer.from('import m\nmatch m.x:\n    case 1:\n        m.y()\n');
    assert.deepStrictEqual(extractPythonFacts(src), extractPythonFactsLezer(src));
  });
});
