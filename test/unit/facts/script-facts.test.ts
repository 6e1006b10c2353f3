import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { eachReference, type FileFacts, type ImportFact } from '../../../src/model/index.js';
import { extractScriptFacts, scriptKindOf, type ScriptKind } from '../../../src/parse/typescript/extract-facts.js';

const facts = (src: string | Uint8Array, kind: ScriptKind = 'ts'): FileFacts =>
  extractScriptFacts(typeof src === 'string' ? Buffer.from(src) : src, kind);
const imports = (src: string, kind: ScriptKind = 'ts'): readonly ImportFact[] => facts(src, kind).imports;
/** References as `unit:dotted@line:column`, the order they were packed in. */
const refs = (src: string, kind: ScriptKind = 'ts'): string[] => {
  const out: string[] = [];
  eachReference(facts(src, kind).references, (r) => out.push(`${r.unit}:${r.dotted}@${r.line}:${r.column}`));
  return out;
};
const at = (line: number, column: number) => ({ line, column });
const from = (module: string, names: Array<[string, string | null, number, number]>, extra: Partial<ImportFact> = {}, pos = at(1, 1)): ImportFact =>
  ({ kind: 'from', module, level: 0, names: names.map(([name, bound, line, column]) => ({ name, bound, line, column })), unit: '<module>', typeOnly: false, ...pos, ...extra }) as ImportFact;
const plain = (module: string, bound: string, extra: Partial<ImportFact> = {}, pos = at(1, 1)): ImportFact =>
  ({ kind: 'import', module, level: 0, bound, boundIsModule: true, unit: '<module>', typeOnly: false, ...pos, ...extra }) as ImportFact;
const dynamic = (module: string, bound: string | null, pos: { line: number; column: number }, unit = '<module>'): ImportFact =>
  ({ kind: 'dynamic', module, level: 0, bound, unit, typeOnly: false, ...pos });

describe('extractScriptFacts: imports and re-exports', () => {
  const table: Array<[string, string, ScriptKind, ImportFact[]]> = [
    ['default import', `import X from 's';`, 'ts', [from('s', [['default', 'X', 1, 8]])]],
    ['named imports, each at its own position', `import {A, B as C} from '@app/x';`, 'ts', [from('@app/x', [['A', 'A', 1, 9], ['B', 'C', 1, 12]])]],
    ['default and named in one fact', `import X, {A} from './a';`, 'ts', [from('./a', [['default', 'X', 1, 8], ['A', 'A', 1, 12]])]],
    ['namespace import', `import * as ns from 'react';`, 'ts', [plain('react', 'ns')]],
    ['side-effect import', `import './polyfill';`, 'ts', [from('./polyfill', [])]],
    ['import type {A}', `import type {A} from 's';`, 'ts', [from('s', [['A', 'A', 1, 14]], { typeOnly: true })]],
    ['import type X', `import type X from 's';`, 'ts', [from('s', [['default', 'X', 1, 13]], { typeOnly: true })]],
    ['mixed {type A, B}: split, value names first', `import {type A, B} from 's';`, 'ts',
      [from('s', [['B', 'B', 1, 17]]), from('s', [['A', 'A', 1, 14]], { typeOnly: true })]],
    ['export {A, B as C} from', `export {A, B as C} from 's';`, 'ts', [from('s', [['A', 'A', 1, 9], ['B', 'C', 1, 12]])]],
    ['export type {A} from', `export type {A} from 's';`, 'ts', [from('s', [['A', 'A', 1, 14]], { typeOnly: true })]],
    ['export * from', `export * from 's';`, 'ts', [from('s', [['*', null, 1, 8]])]],
    ['export * as ns from', `export * as ns from 's';`, 'ts', [plain('s', 'ns')]],
    ['dynamic import, awaited and bound', `async function f() {\n  const m = await import('s');\n}`, 'ts', [dynamic('s', 'm', at(2, 19), 'f')]],
    ['dynamic import, bound without await', `const m = import('s');`, 'ts', [dynamic('s', 'm', at(1, 11))]],
    ['dynamic import, template literal, unbound', 'import(`s`).then(go);', 'ts', [dynamic('s', null, at(1, 1))]],
    ['dynamic import of a computed specifier is not a fact', 'import(name);', 'ts', []],
    ['require bound to a name', `const m = require('s');`, 'js', [dynamic('s', 'm', at(1, 11))]],
    ['require destructured', `const {A, B: C} = require('s');`, 'js', [from('s', [['A', 'A', 1, 8], ['B', 'C', 1, 11]], {}, at(1, 19))]],
    ['require(...).X', `const Y = require('s').X;`, 'js', [from('s', [['X', 'Y', 1, 24]], {}, at(1, 11))]],
    ['bare require', `require('s');`, 'js', [dynamic('s', null, at(1, 1))]],
    ['(await import(...)).X.y: the attributes read off the module', 'async function f() { return (await import(`s`)).X.y; }', 'ts',
      [{ kind: 'dynamic', module: 's', level: 0, bound: null, attribute: 'X.y', unit: 'f', typeOnly: false, ...at(1, 36) }]],
    ['require inside an expression', `module.exports = { a: require('s') };`, 'js', [dynamic('s', null, at(1, 23))]],
    ['TS import = require', `import x = require('s');`, 'ts', [dynamic('s', 'x', at(1, 1))]],
    ['order follows the source', `const a = require('b');\nimport c from 'd';`, 'ts', [dynamic('b', 'a', at(1, 11)), from('d', [['default', 'c', 2, 8]], {}, at(2, 1))]],
  ];
  for (const [name, src, kind, expected] of table) {
    it(name, () => assert.deepEqual(imports(src, kind), expected));
  }
});

describe('extractScriptFacts: definitions, aliases, export list', () => {
  const table: Array<[string, string, Pick<FileFacts, 'definitions' | 'aliases' | 'dunderAll'>]> = [
    ['module-level declarations of every kind', 'function f() {}\nclass C {}\nconst a = 1, [b, {c}] = x;\nlet d;\nenum E {}\nnamespace N {}\ninterface I {}\ntype T = 1;',
      { definitions: ['f', 'C', 'a', 'b', 'c', 'd', 'E', 'N', 'I', 'T'], aliases: [], dunderAll: [] }],
    ['nested declarations are not definitions', 'function f() { const g = 1; }', { definitions: ['f'], aliases: [], dunderAll: [] }],
    ['export list: declarations, specifiers, re-exports, default', `export const a = 1;\nexport function f() {}\nexport interface I {}\nconst b = 2;\nexport { b, b as c };\nexport { x as y } from 'm';\nexport * as ns from 'n';\nexport * from 'o';\nexport default f;`,
      { definitions: ['a', 'f', 'I', 'b', 'default'], aliases: [{ name: 'c', target: 'b', ...at(5, 18) }, { name: 'default', target: 'f', ...at(9, 1) }], dunderAll: ['a', 'f', 'I', 'b', 'c', 'y', 'ns', 'default'] }],
    ['export default class Foo', 'export default class Foo {}', { definitions: ['default', 'Foo'], aliases: [{ name: 'default', target: 'Foo', ...at(1, 1) }], dunderAll: ['default'] }],
    ['export default function Foo', 'export default function Foo() {}', { definitions: ['default', 'Foo'], aliases: [{ name: 'default', target: 'Foo', ...at(1, 1) }], dunderAll: ['default'] }],
    ['anonymous default export', 'export default () => 1;', { definitions: ['default'], aliases: [], dunderAll: ['default'] }],
    ['const Y = X and const Y = ns.X', `import X from 'x';\nimport * as ns from 'n';\nconst Y = X;\nexport const Z = ns.X;`,
      { definitions: ['Y', 'Z'], aliases: [{ name: 'Y', target: 'X', ...at(3, 7) }, { name: 'Z', target: 'ns.X', ...at(4, 14) }], dunderAll: ['Z'] }],
    ['export import Y = ns.X', 'export import Y = ns.X;', { definitions: ['Y'], aliases: [{ name: 'Y', target: 'ns.X', ...at(1, 15) }], dunderAll: ['Y'] }],
    ['export { X } without rename is no alias', 'const X = 1;\nexport { X };', { definitions: ['X'], aliases: [], dunderAll: ['X'] }],
  ];
  for (const [name, src, expected] of table) {
    it(name, () => {
      const f = facts(src);
      assert.deepEqual({ definitions: f.definitions, aliases: f.aliases, dunderAll: f.dunderAll }, expected);
    });
  }
});

describe('extractScriptFacts: references and units', () => {
  const table: Array<[string, string, ScriptKind, string[]]> = [
    ['names and the longest static member chain; import statements are not references',
      `import * as ns from 'n';\nimport { X } from 'x';\nns.X.y(1);\nX.method();\nns.X[k].z;\nlocal.thing;`, 'ts',
      ['<module>:ns.X.y@3:1', '<module>:X.method@4:1', '<module>:ns.X@5:1']],
    ['type references, plain and qualified', `import { Legacy } from 'l';\nimport type * as ns from 'n';\nlet a: Legacy;\nlet b: ns.T<Legacy>;\ntype U = typeof ns.v;`, 'ts',
      ['<module>:Legacy@3:8', '<module>:ns.T@4:8', '<module>:ns.v@5:17']],
    ['JSX element names', `import Legacy from 'l';\nimport * as ns from 'n';\nexport const V = () => <div><Legacy a={1}/><ns.Widget></ns.Widget></div>;`, 'tsx',
      ['V:Legacy@3:30', 'V:ns.Widget@3:45']],
    ['JSX in a .js file', `import Legacy from 'l';\nfunction App() { return <Legacy/>; }`, 'js', ['App:Legacy@2:26']],
    ['units: function, nested arrow, class members, callbacks, object methods',
      [
        `import { L } from 'l';`,
        `function outer() { L; const inner = () => L; [1].map(() => L); }`,
        `class C {`,
        `  field = L;`,
        `  static s = L;`,
        `  handler = () => L;`,
        `  constructor() { L; }`,
        `  method() { const o = { m() { return L; } }; return o; }`,
        `  get g() { return L; }`,
        `}`,
        `const f = function () { L; };`,
        `export default function () { L; }`,
      ].join('\n'), 'ts',
      ['outer:L@2:20', 'outer.inner:L@2:43', 'C.constructor:L@4:11', '<module>:L@5:14', 'C.handler:L@6:19', 'C.method:L@8:39', 'C.g:L@9:20', 'f:L@11:25', 'default:L@12:30']],
    ['a parameter name is not a use, its type and default are', `import { T, D } from 't';\nfunction f(T: number, x: T = D) {}`, 'ts', ['f:T@2:26', 'f:D@2:30']],
    ['first use per unit and name only', `import { L } from 'l';\nfunction f() { L; L; }\nL;`, 'ts', ['f:L@2:16', '<module>:L@3:1']],
    ['require-bound names are roots', `const m = require('m');\nconst { A } = require('a');\nm.run(A);`, 'js', ['<module>:m.run@3:1', '<module>:A@3:7']],
    ['properties and keys are not uses', `import { L } from 'l';\nconst o = { L: 1 };\no.L;`, 'ts', []],
  ];
  for (const [name, src, kind, expected] of table) {
    it(name, () => assert.deepEqual(refs(src, kind), expected));
  }
});

describe('extractScriptFacts: suppressions, encodings, errors', () => {
  it('line and block suppressions, with and without a reason', () => {
    const f = facts(`a(); // ssot-guard: allow mix-rule -- migrating\n/* ssot-guard: allow other */\n/*\n * ssot-guard: allow third -- on line 4\n */`);
    assert.deepEqual(f.suppressions, [
      { rule: 'mix-rule', reason: 'migrating', ...at(1, 6) },
      { rule: 'other', reason: '', ...at(2, 1) },
      { rule: 'third', reason: 'on line 4', ...at(4, 1) },
    ]);
  });

  it('CRLF line endings keep positions', () => {
    assert.deepEqual(imports(`// x\r\nimport { A } from 'a';\r\n`), [from('a', [['A', 'A', 2, 10]], {}, at(2, 1))]);
  });

  it('a BOM is stripped and not counted in columns', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`import X from 'x';`)]);
    const f = facts(bytes);
    assert.deepEqual(f.imports, [from('x', [['default', 'X', 1, 8]])]);
    assert.deepEqual(f.warnings, []);
  });

  it('columns count UTF-16 code units', () => {
    assert.deepEqual(refs(`import { L } from 'l';\nconst s = '😀é'; L;`), ['<module>:L@2:18']);
  });

  it('non-UTF-8 bytes: an encoding warning, the imports still read', () => {
    const bytes = Buffer.concat([Buffer.from(`import X from 'x';\nconst s = '`), Buffer.from([0xff, 0xfe]), Buffer.from(`';\n`)]);
    const f = facts(bytes);
    assert.deepEqual(f.imports, [from('x', [['default', 'X', 1, 8]])]);
    assert.equal(f.warnings.length, 1);
    assert.equal(f.warnings[0]!.code, 'encoding');
    assert.equal(f.warnings[0]!.line, 2);
  });

  it('a syntax error: a warning at its line and column, imports on other lines still read', () => {
    const f = facts(`import { A } from 'a';\nconst = ;\nimport { B } from 'b';\nA.go();`);
    assert.deepEqual(f.warnings.map((w) => [w.code, w.line, w.column]), [['syntax', 2, 7]]);
    assert.deepEqual(f.imports.map((i) => i.module), ['a', 'b']);
    assert.deepEqual(refs(`import { A } from 'a';\nconst = ;\nA.go();`), ['<module>:A.go@3:1']);
  });

  it('nesting deeper than the parser can take: a too-large warning instead of a crash', () => {
    const f = facts(`import X from 'x';\n${'('.repeat(5000)}1${')'.repeat(5000)}`);
    assert.deepEqual(f.warnings.map((w) => w.code), ['too-large']);
    assert.deepEqual(f.imports, []);
  });

  it('a long member chain is fine (walked without recursion)', () => {
    assert.deepEqual(refs(`import * as a from 'a';\na${'.b'.repeat(20000)};`).length, 1);
  });
});

describe('extractScriptFacts: determinism and robustness', () => {
  const sample = `import X, { type T } from './x';\nexport * from './y';\nexport const f = (t: T) => <X.Y a={t} />;\n`;

  it('the same bytes give deep-equal facts', () => {
    assert.deepEqual(facts(sample, 'tsx'), facts(sample, 'tsx'));
  });

  it('never throws on random garbage (seeded)', () => {
    let state = 12345;
    const next = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
    const alphabet = `{}()[]<>;:,.=+-*/!?'"\`$@#\\ \n\tabcXYZ01importexportfromrequireclass`;
    for (let i = 0; i < 300; i++) {
      const len = next() % 400;
      const bytes = new Uint8Array(len);
      for (let j = 0; j < len; j++) bytes[j] = next() % 5 === 0 ? next() % 256 : alphabet.charCodeAt(next() % alphabet.length);
      for (const kind of ['ts', 'tsx', 'js', 'jsx'] as const) assert.doesNotThrow(() => facts(bytes, kind));
    }
  });
});

describe('scriptKindOf', () => {
  const table: Array<[string, ScriptKind | null]> = [
    ['a.ts', 'ts'], ['a.mts', 'ts'], ['a.cts', 'ts'], ['a.d.ts', 'dts'], ['a.d.mts', 'dts'], ['a.D.TS', 'dts'], ['a.tsx', 'tsx'],
    ['a.js', 'js'], ['a.mjs', 'js'], ['a.cjs', 'js'], ['a.jsx', 'jsx'], ['a.py', null], ['dir.ts/file', null], ['Makefile', null],
  ];
  for (const [path, kind] of table) it(`${path} -> ${kind}`, () => assert.equal(scriptKindOf(path), kind));
});

describe('extractScriptFacts: declaration files', () => {
  it('.d.ts grammar: declarations without initialisers parse, their type references count', () => {
    const f = facts(`import type { Legacy } from './legacy';\nexport declare const x: Legacy;\nexport declare function f(): void;`, 'dts');
    assert.deepEqual(f.warnings, []);
    assert.deepEqual(f.dunderAll, ['x', 'f']);
    assert.deepEqual(refs(`import type { Legacy } from './legacy';\nexport declare const x: Legacy;`, 'dts'), ['<module>:Legacy@2:25']);
  });
});
