import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eachReference, type FileFacts } from '../../../src/model/index.js';
import { extractFactsSafely } from '../../../src/facts/extract-safely.js';

/** Each reference as `unit dotted role`, and each method call as `unit .name line:column` (facts for rules' `uses` and `methodCalls`). */
function roles(facts: FileFacts): string[] {
  const out: string[] = [];
  eachReference(facts.references, (r) => out.push(`${r.unit} ${r.dotted} ${r.role}`));
  return out.sort();
}
function calls(facts: FileFacts): string[] {
  const out: string[] = [];
  eachReference(facts.methodCalls, (r) => out.push(`${r.unit} .${r.dotted} ${r.line}:${r.column}`));
  return out;
}
const py = (text: string) => extractFactsSafely(Buffer.from(text), 'python');
const ts = (text: string) => extractFactsSafely(Buffer.from(text), 'ts');

describe('reference roles, method calls and classes: Python', () => {
  it('calls, bases, annotations (string ones too) and plain references are told apart', () => {
    const facts = py([
      'from m import A, B, C, D, E',
      'import pkg',
      '',
      'class K(A, pkg.Base, metaclass=E):',
      '    x: "B" = None',
      '    def run(self, c: C) -> "Optional[pkg.T]":',
      '        D()',
      '        pkg.make(A)',
      '        return isinstance(c, B)',
      '',
    ].join('\n'));
    assert.deepEqual(roles(facts), [
      '<module> A subclass', '<module> B annotation', '<module> E reference', '<module> pkg.Base subclass',
      'K.run A reference', 'K.run B reference', 'K.run C annotation', 'K.run D call', 'K.run pkg.T annotation', 'K.run pkg.make call',
    ]);
  });
  it('a call of an attribute on any receiver is a method call, at the attribute', () => {
    const facts = py('def f(factory, self):\n    factory.create()\n    self.a.b.send_json(1)\n    factory.create\n    g()\n');
    assert.deepEqual(calls(facts), ['f .create 2:13', 'f .send_json 3:14']);
  });
  it('class statements with their qualified names, units and methods', () => {
    const facts = py('class Outer:\n    class Inner:\n        def m(self): pass\n    def n(self): pass\n\ndef make():\n    class Local:\n        pass\n');
    assert.deepEqual(facts.classes.map((c) => [c.name, c.unit, c.methods, c.line]), [['Outer', '<module>', ['n'], 1], ['Outer.Inner', '<module>', ['m'], 2], ['make.Local', 'make', [], 7]]);
  });
});

describe('reference roles, method calls and classes: TypeScript', () => {
  it('new is an instantiation, extends a subclass, type positions annotations', () => {
    const facts = ts([
      "import { A, B, C, D, f } from './m';",
      'export class K extends A implements D {',
      '  run(c: C): B { f(); f.call(null); return new B(); }',
      '}',
      'const x: Array<C> = [];',
      '',
    ].join('\n'));
    assert.deepEqual(roles(facts), [
      '<module> A subclass', '<module> C annotation', '<module> D annotation',
      'K.run B annotation', 'K.run B instantiate', 'K.run C annotation', 'K.run f call', 'K.run f.call call',
    ]);
    assert.deepEqual(calls(facts), ['K.run .call 3:25']);
    assert.deepEqual(facts.classes.map((c) => [c.name, c.methods]), [['K', ['run']]]);
  });
});
