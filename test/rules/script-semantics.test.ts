import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { asRepoPath } from '../../src/model/index.js';
import { evaluateFiles, makeConfig, makeRule, programOf, type RuleInput, type SemanticsCase } from '../helpers/engine-fixture.js';

/** The Python semantics table (semantics.test.ts), carried over to TypeScript and JavaScript. */
const BRIDGE = 'src/bridge#Bridge';
const MANAGER = 'src/legacy/ws#Manager';
const BASE: Record<string, string> = {
  'src/bridge.ts': 'export class Bridge {}\n',
  'src/legacy/ws.ts': 'export class Manager {}\nexport class Other {}\n',
};
const USE_BRIDGE = "import { Bridge } from '../bridge';\n";
const SCRIPTS = { include: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'] };

function scriptRule(input: RuleInput = {}) {
  return makeRule({ canonical: [BRIDGE], legacy: [MANAGER], files: ['src/agents/**'], ...input });
}

function evaluate(files: Record<string, string>, rule: RuleInput = {}, typeOnly: 'ignore' | 'include' = 'ignore') {
  return evaluateFiles(files, [scriptRule(rule)], { ...SCRIPTS, typeOnlyImports: typeOnly }, BASE);
}

type Case = SemanticsCase;

const F = 'src/agents/factory.ts';

const cases: Case[] = [
  { name: 'named import of both: mix', violations: 1, files: { [F]: USE_BRIDGE + "import { Manager } from '../legacy/ws';\n" } },
  { name: 'canonical only is clean', violations: 0, files: { [F]: USE_BRIDGE } },
  { name: 'as alias of the legacy class', violations: 1, files: { [F]: USE_BRIDGE + "import { Manager as Mgr } from '../legacy/ws';\n" } },
  { name: 'an unrelated class of the same name', violations: 0,
    files: { 'src/other.ts': 'export class Manager {}\n', [F]: USE_BRIDGE + "import { Manager } from '../other';\n" } },
  { name: 'barrel file (index.ts) re-exporting by name', violations: 1, via: ['src/legacy/index#Manager'],
    files: { 'src/legacy/index.ts': "export { Manager } from './ws';\n", [F]: USE_BRIDGE + "import { Manager } from '../legacy';\n" } },
  { name: 'barrel file re-exporting with export *', violations: 1,
    files: { 'src/legacy/index.ts': "export * from './ws';\n", [F]: USE_BRIDGE + "import { Manager } from '../legacy';\n" } },
  { name: 'barrel that does not re-export the class', violations: 0,
    files: { 'src/legacy/index.ts': "export { Other } from './ws';\n", [F]: USE_BRIDGE + "import { Other } from '../legacy';\n" } },
  { name: 'renaming re-export (export { X as Y } from)', violations: 1, via: ['src/legacy/index#Old'],
    files: { 'src/legacy/index.ts': "export { Manager as Old } from './ws';\n", [F]: USE_BRIDGE + "import { Old } from '../legacy';\n" } },
  { name: 'import then export under another name', violations: 1,
    files: { 'src/legacy/compat.ts': "import { Manager } from './ws';\nexport { Manager as ConnMgr };\n", [F]: USE_BRIDGE + "import { ConnMgr } from '../legacy/compat';\n" } },
  { name: 'const alias chain', violations: 1,
    files: { 'src/legacy/compat.ts': "import { Manager } from './ws';\nconst ConnMgr = Manager;\nexport const Old = ConnMgr;\n", [F]: USE_BRIDGE + "import { Old } from '../legacy/compat';\n" } },
  { name: 'alias to something else', violations: 0,
    files: { 'src/legacy/compat.ts': "import { Other } from './ws';\nexport const ConnMgr = Other;\n", [F]: USE_BRIDGE + "import { ConnMgr } from '../legacy/compat';\n" } },
  { name: 'default export of the legacy class', violations: 1, rule: { legacy: ['src/legacy/ws2#Manager'] },
    files: { 'src/legacy/ws2.ts': 'export default class Manager {}\n', [F]: USE_BRIDGE + "import M from '../legacy/ws2';\n" } },
  // Identity (DESIGN.md): `#default` names the object, whatever name the module gives it.
  { name: 'a named default export (a variable), declared as #default', violations: 1, rule: { legacy: ['src/hist#default'] }, via: ['src/hist#default'],
    files: { 'src/hist.ts': 'const history = createHistory();\nexport default history;\n', [F]: USE_BRIDGE + "import h from '../hist';\n" } },
  { name: 'a named default export (a class), declared as #default', violations: 1, rule: { legacy: ['src/hist#default'] },
    files: { 'src/hist.ts': 'export default class Foo {}\n', [F]: USE_BRIDGE + "import F from '../hist';\n" } },
  { name: 'a named default export through a barrel, declared as #default', violations: 1, rule: { legacy: ['src/hist#default'] },
    files: { 'src/hist.ts': 'export default class Foo {}\n', 'src/index.ts': "export { default as History } from './hist';\n", [F]: USE_BRIDGE + "import { History } from '../index';\n" } },
  { name: 'another default export is not #default of that module', violations: 0, rule: { legacy: ['src/hist#default'] },
    files: { 'src/hist.ts': 'export default class Foo {}\n', 'src/other.ts': 'export default class Foo {}\n', [F]: USE_BRIDGE + "import F from '../other';\n" } },
  { name: 'namespace import then member', violations: 1,
    files: { [F]: USE_BRIDGE + "import * as w from '../legacy/ws';\nexport function make() { return new w.Manager(); }\n" } },
  { name: 'namespace import then another member', violations: 0,
    files: { [F]: USE_BRIDGE + "import * as w from '../legacy/ws';\nexport function make() { return new w.Other(); }\n" } },
  { name: 'export * as ns in a barrel, then member', violations: 1,
    files: { 'src/legacy/index.ts': "export * as w from './ws';\n", [F]: USE_BRIDGE + "import { w } from '../legacy';\nconst x = w.Manager;\n" } },
  { name: 'dynamic import() of a legacy module', violations: 1, rule: { legacy: ['src/legacy/ws'] },
    files: { [F]: USE_BRIDGE + "export async function f() { return import('../legacy/ws'); }\n" } },
  // Issue 18: the class read off the module an awaited import() evaluates to.
  { name: '(await import(...)).Class', violations: 1,
    files: { [F]: USE_BRIDGE + "export async function f() { return new (await import('../legacy/ws')).Manager(); }\n" } },
  { name: '(await import(...)).Class through a barrel', violations: 1, via: ['src/legacy/index#Manager'],
    files: { 'src/legacy/index.ts': "export { Manager } from './ws';\n", [F]: USE_BRIDGE + "export async function f() { return (await import('../legacy')).Manager; }\n" } },
  { name: "require('...').Class in an expression", violations: 1,
    files: { [F]: USE_BRIDGE + "export function f() { return new (require('../legacy/ws').Manager)(); }\n" } },
  { name: '(await import(...)).Other is not the class', violations: 0,
    files: { [F]: USE_BRIDGE + "export async function f() { return (await import('../legacy/ws')).Other; }\n" } },
  { name: 'dynamic import() of another module', violations: 0, rule: { legacy: ['src/legacy/ws'] },
    files: { [F]: USE_BRIDGE + "export async function f() { return import('../bridge'); }\n" } },
  { name: 'require with destructuring (CommonJS)', violations: 1,
    files: { 'src/agents/factory.cjs': "const { Bridge } = require('../bridge');\nconst { Manager } = require('../legacy/ws');\n" } },
  { name: 'require of a module, then member (CommonJS)', violations: 1,
    files: { 'src/agents/factory.js': "const b = require('../bridge');\nconst ws = require('../legacy/ws');\nmodule.exports = () => [new b.Bridge(), new ws.Manager()];\n" } },
  { name: 'require of another member (CommonJS)', violations: 0,
    files: { 'src/agents/factory.js': "const b = require('../bridge');\nconst ws = require('../legacy/ws');\nmodule.exports = () => [new b.Bridge(), new ws.Other()];\n" } },
  { name: 'import type is ignored by default', violations: 0, files: { [F]: USE_BRIDGE + "import type { Manager } from '../legacy/ws';\n" } },
  { name: 'inline type modifier is ignored by default', violations: 0, files: { [F]: USE_BRIDGE + "import { type Manager } from '../legacy/ws';\n" } },
  { name: 'import type counts with typeOnlyImports: include', violations: 1, typeOnly: 'include',
    files: { [F]: USE_BRIDGE + "import type { Manager } from '../legacy/ws';\n" } },
  { name: 'an import written with the .js extension (ESM TypeScript)', violations: 1,
    files: { [F]: "import { Bridge } from '../bridge.js';\nimport { Manager } from '../legacy/ws.js';\n" } },
  { name: 'path alias from tsconfig paths', violations: 1,
    files: {
      'tsconfig.json': '{\n  // comments are allowed\n  "compilerOptions": { "baseUrl": ".", "paths": { "@legacy/*": ["src/legacy/*"] } },\n}\n',
      [F]: USE_BRIDGE + "import { Manager } from '@legacy/ws';\n",
    } },
  { name: 'path alias from a tsconfig the nearest one extends', violations: 1,
    files: {
      'config/tsconfig.base.json': '{ "compilerOptions": { "paths": { "@old/*": ["../src/legacy/*"] } } }\n',
      'tsconfig.json': '{ "extends": "./config/tsconfig.base.json" }\n',
      [F]: USE_BRIDGE + "import { Manager } from '@old/ws';\n",
    } },
  { name: 'baseUrl import', violations: 1,
    files: { 'tsconfig.json': '{ "compilerOptions": { "baseUrl": "." } }\n', [F]: "import { Bridge } from 'src/bridge';\nimport { Manager } from 'src/legacy/ws';\n" } },
  { name: 'workspace package through package.json exports', violations: 1, rule: { legacy: ['packages/legacy/src/ws#Manager'] },
    files: {
      'packages/legacy/package.json': '{ "name": "@acme/legacy", "exports": { ".": { "types": "./src/index.ts", "default": "./dist/index.js" } } }\n',
      'packages/legacy/src/index.ts': "export { Manager } from './ws';\n",
      'packages/legacy/src/ws.ts': 'export class Manager {}\n',
      [F]: USE_BRIDGE + "import { Manager } from '@acme/legacy';\n",
    } },
  { name: 'package.json imports (#subpath)', violations: 1,
    files: { 'package.json': '{ "name": "app", "imports": { "#legacy/*": "./src/legacy/*.ts" } }\n', [F]: USE_BRIDGE + "import { Manager } from '#legacy/ws';\n" } },
  { name: 'a third-party symbol', violations: 1, rule: { legacy: ['lodash#debounce'] },
    files: { [F]: USE_BRIDGE + "import { debounce } from 'lodash';\n" } },
  { name: 'a third-party symbol through a namespace import', violations: 1, rule: { legacy: ['lodash#debounce'] },
    files: { [F]: USE_BRIDGE + "import * as _ from 'lodash';\nconst d = _.debounce;\n" } },
  { name: 'JSX element of the legacy component', violations: 1, rule: { unit: 'function' },
    files: { 'src/agents/view.tsx': "import { Bridge } from '../bridge';\nimport { Manager } from '../legacy/ws';\nexport function View() { return <Manager bridge={Bridge} />; }\n" } },
  // The non-uses.
  { name: 'comment is not a use', violations: 0, files: { [F]: USE_BRIDGE + "// import { Manager } from '../legacy/ws';\n" } },
  { name: 'string is not a use', violations: 0, files: { [F]: USE_BRIDGE + "const s = \"import { Manager } from '../legacy/ws'\";\n" } },
  { name: 'file outside scope is not judged', violations: 0, files: { 'src/services/factory.ts': USE_BRIDGE + "import { Manager } from '../legacy/ws';\n" } },
  { name: 're-export cycle terminates', violations: 0,
    files: { 'src/cyc/a.ts': "export * from './b';\n", 'src/cyc/b.ts': "export * from './a';\n", [F]: USE_BRIDGE + "import { X } from '../cyc/a';\n" } },
];

describe('rule semantics for TypeScript/JavaScript (DESIGN.md, carried over)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const { violations } = evaluate(c.files, c.rule, c.typeOnly);
      assert.equal(violations.length, c.violations, JSON.stringify(violations, null, 1));
      if (c.via) assert.deepEqual(violations[0]!.evidence.find((e) => e.side === 'legacy')!.via, c.via);
    });
  }
});

describe('TypeScript units, scope and reach', () => {
  const twoFunctions = USE_BRIDGE + "import { Manager } from '../legacy/ws';\nexport function a() { return new Bridge(); }\nexport function b() { return new Manager(); }\n";
  it('function unit: canonical and legacy in different functions is clean; file unit is not', () => {
    assert.equal(evaluate({ [F]: twoFunctions }, { unit: 'function' }).violations.length, 0);
    assert.equal(evaluate({ [F]: twoFunctions }, { unit: 'file' }).violations.length, 1);
  });

  it('function unit: both in one method is a violation named Class.method', () => {
    const src = USE_BRIDGE + "import { Manager } from '../legacy/ws';\nexport class F {\n  make() { return [new Bridge(), new Manager()]; }\n}\n";
    const { violations } = evaluate({ [F]: src }, { unit: 'function' });
    assert.deepEqual(violations.map((v) => v.unit), ['F.make']);
  });

  it('the violation is at the legacy use, with both sides and the symbols as configured', () => {
    const { violations } = evaluate({ [F]: USE_BRIDGE + '\n\n' + "import { Manager } from '../legacy/ws';\n" });
    assert.deepEqual(violations[0]!.evidence.map((e) => [e.side, e.symbol, e.line]), [['canonical', BRIDGE, 1], ['legacy', MANAGER, 4]]);
  });

  it('dependentsOf a script module judges its importers', () => {
    const files = {
      'src/core/factory.ts': 'export const X = 1;\n',
      'src/routes/direct.ts': "import { X } from '../core/factory';\nimport { Bridge } from '../bridge';\nimport { Manager } from '../legacy/ws';\n",
      'src/routes/other.ts': "import { Bridge } from '../bridge';\nimport { Manager } from '../legacy/ws';\n",
    };
    const { violations } = evaluate(files, { files: [], dependentsOf: ['src/core/factory'] });
    assert.deepEqual(violations.map((v) => v.file), ['src/routes/direct.ts']);
  });

  it('transitive: reaching the legacy module through another module, with the chain', () => {
    const files = { 'src/helpers.ts': "export * from './legacy/ws';\n", [F]: USE_BRIDGE + "import '../helpers';\n" };
    const { violations } = evaluate(files, { transitive: true });
    assert.equal(violations.length, 1);
    assert.deepEqual(violations[0]!.chain, ['src/agents/factory', 'src/helpers', 'src/legacy/ws']);
  });

  const unresolved = (text: string) =>
    programOf({ ...BASE, [F]: text }, makeConfig([scriptRule()], SCRIPTS)).resolver.unresolvedOf(asRepoPath(F));
  it('an import that resolves nowhere is reported with its line', () => {
    const found = unresolved(USE_BRIDGE + "import { Manager } from '../legacy/nope';\n");
    assert.equal(found.length, 1);
    assert.equal(found[0]!.line, 2);
    assert.match(found[0]!.message, /legacy\/nope/);
  });

  it('a stylesheet import and a third-party import are not errors', () => {
    assert.deepEqual(unresolved(USE_BRIDGE + "import './styles.css';\nimport React from 'react';\n"), []);
  });
});

describe('one config, two languages', () => {
  const python = makeRule({ id: 'py-rule', files: null });
  const script = scriptRule({ id: 'ts-rule', files: null });
  const files = {
    'app/__init__.py': '',
    'app/bridge.py': 'class Bridge: pass\n',
    'app/legacy/__init__.py': '',
    'app/legacy/ws.py': 'class Manager: pass\n',
    'app/agents/factory.py': 'from app.bridge import Bridge\nfrom app.legacy.ws import Manager\n',
    [F]: USE_BRIDGE + "import { Manager } from '../legacy/ws';\n",
  };
  it('each rule judges the files of its own language', () => {
    const { violations } = evaluateFiles(files, [python, script], { include: ['**/*.py', '**/*.ts'] }, BASE);
    assert.deepEqual(violations.map((v) => `${v.rule} ${v.file}`).sort(), ['py-rule app/agents/factory.py', `ts-rule ${F}`]);
  });
});
