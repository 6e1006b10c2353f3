import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ResolutionMemo } from '../../../src/resolve/resolver.js';
import { evaluateRules } from '../../../src/rules/evaluate.js';
import { BASE_FILES, makeConfig, makeRule, programOf } from '../../helpers/engine-fixture.js';

const config = makeConfig([makeRule(), makeRule({ id: 'reach', forbid: 'legacy', transitive: true, files: ['app/agents/**'] }), makeRule({ id: 'fn', unit: 'function' })]);

/** One snapshot's verdict, with facts keyed by real content shas (so unchanged files keep their sha). */
function verdict(files: Record<string, string>, memo?: ResolutionMemo, judged = config) {
  const program = programOf(files, judged, memo);
  const { violations, diagnostics } = evaluateRules(judged, program);
  return { violations: violations.map((v) => `${v.rule} ${v.file}:${v.line} ${v.unit} ${v.evidence.map((e) => `${e.side}=${e.symbol}<${e.via.join(',')}>`).join(' ')} ${v.chain.join('>')}`), diagnostics: diagnostics.map((d) => `${d.code} ${d.file}:${d.line}`) };
}

/** The files after a step's edits (null deletes). */
function applyEdits(files: Record<string, string>, edits: Record<string, string | null>): Record<string, string> {
  const next = { ...files };
  for (const [path, text] of Object.entries(edits)) {
    if (text === null) delete next[path];
    else next[path] = text;
  }
  return next;
}

/** Each step edits the previous snapshot: a path to new text, or null to delete it. */
const STEPS: Array<[string, Record<string, string | null>, number]> = [
  ['clean start', { 'app/agents/factory.py': 'from app.bridge import Bridge\nfrom app.compat import Thing\n\ndef make():\n    return Bridge(), Thing\n', 'app/compat.py': 'Thing = 1\n' }, 0],
  ['another file starts re-exporting the legacy class', { 'app/compat.py': 'from app.legacy.ws import Manager as Thing\n' }, 3],
  ['the module becomes a package (index changes)', { 'app/compat.py': null, 'app/compat/__init__.py': 'from .shim import Thing\n', 'app/compat/shim.py': 'from app.legacy.ws import Manager\nThing = Manager\n' }, 3],
  ['the alias in the shim points elsewhere', { 'app/compat/shim.py': 'from app.legacy.ws import Other\nThing = Other\n' }, 1],
  ['the legacy module disappears', { 'app/legacy/ws.py': null }, 0],
  ['and comes back', { 'app/legacy/ws.py': BASE_FILES['app/legacy/ws.py']! }, 1],
  ['a star import with __all__', { 'app/compat/__init__.py': 'from .shim import *\n', 'app/compat/shim.py': 'from app.legacy.ws import Manager as Thing\n__all__ = ["Thing"]\n' }, 3],
  ['__all__ no longer exports it', { 'app/compat/shim.py': 'from app.legacy.ws import Manager as Thing\n__all__ = []\n' }, 1],
  ['back to a plain re-export', { 'app/compat/__init__.py': 'from .shim import Thing, Spare\n', 'app/compat/shim.py': 'from app.legacy.ws import Manager as Thing\nSpare = 1\n' }, 3],
  ['an unrelated name of the shim changes (early cut-off keeps the importer)', { 'app/compat/shim.py': 'from app.legacy.ws import Manager as Thing\nfrom app.legacy.ws import Other as Spare\n' }, 3],
  ['the name the importer uses is now defined locally', { 'app/compat/shim.py': 'class Thing:\n    pass\nfrom app.legacy.ws import Other as Spare\n' }, 1],
  ['and imported again, under an alias chain', { 'app/compat/shim.py': 'from app.legacy import ws as w\nThing = w.Manager\nfrom app.legacy.ws import Other as Spare\n' }, 3],
  ['the alias target module re-exports differently', { 'app/legacy/__init__.py': 'from .ws import Other as Manager\n', 'app/compat/shim.py': 'from app import legacy\nThing = legacy.Manager\n' }, 1],
];

describe('ResolutionMemo: results reused across snapshots are the results computed afresh', () => {
  it('through re-exports, aliases, star imports, added and deleted modules', () => {
    const memo = new ResolutionMemo();
    let files: Record<string, string> = { ...BASE_FILES };
    for (const [name, edits, expected] of STEPS) {
      files = applyEdits(files, edits);
      const fresh = verdict(files);
      const reused = verdict(files, memo);
      assert.deepEqual(reused, fresh, name);
      assert.equal(fresh.violations.length, expected, `${name}: ${fresh.violations.join('\n')}`);
    }
    assert.ok(memo.hits > 0, 'the memo was used');
  });

  it('alternating between two snapshots (HEAD and the index, in turn) never mixes them up', () => {
    const memo = new ResolutionMemo();
    const head = { ...BASE_FILES, 'app/agents/factory.py': 'from app.bridge import Bridge\nfrom app.compat import Thing\n', 'app/compat.py': 'Thing = 1\n' };
    const index = { ...head, 'app/compat.py': 'from app.legacy.ws import Manager as Thing\n', 'app/extra.py': 'import app.compat\n' };
    const worktree = { ...index, 'app/compat.py': 'from app.legacy.ws import Other as Thing\n' };
    for (const files of [index, head, worktree, index, head, head, worktree, index]) assert.deepEqual(verdict(files, memo), verdict(files));
  });

  it('an unchanged snapshot is answered from the memo alone', () => {
    const memo = new ResolutionMemo();
    const files = { ...BASE_FILES, 'app/agents/factory.py': 'from app.bridge import Bridge\nfrom app.legacy.ws import Manager\n' };
    verdict(files, memo);
    const misses = memo.misses;
    verdict(files, memo);
    assert.equal(memo.misses, misses);
  });
});

/** The same, for scripts: manifests (tsconfig, package.json) are read too, and their edits must reach every importer. */
const SCRIPT_BASE: Record<string, string> = {
  'src/bridge.ts': 'export class Bridge {}\n',
  'src/legacy/ws.ts': 'export class Manager {}\nexport class Other {}\n',
};
const SCRIPT_RULE = makeRule({ canonical: ['src/bridge#Bridge'], legacy: ['src/legacy/ws#Manager'], files: ['src/agents/**'] });
const SCRIPT_STEPS: Array<[string, Record<string, string | null>, number]> = [
  ['an alias nothing defines yet', { 'src/agents/f.ts': "import { Bridge } from '../bridge';\nimport { Thing } from '@shim/compat';\nexport const x = [Bridge, Thing];\n", 'src/compat.ts': 'export const Thing = 1;\n' }, 0],
  ['tsconfig paths define it, to a harmless module', { 'tsconfig.json': '{ "compilerOptions": { "paths": { "@shim/*": ["./src/*"] } } }\n' }, 0],
  ['the module starts re-exporting the legacy class', { 'src/compat.ts': "export { Manager as Thing } from './legacy/ws';\n" }, 1],
  ['tsconfig points the alias elsewhere', { 'tsconfig.json': '{ "compilerOptions": { "paths": { "@shim/*": ["./src/other/*"] } } }\n', 'src/other/compat.ts': 'export const Thing = 2;\n' }, 0],
  ['a nearer tsconfig extends one that points back', { 'src/agents/tsconfig.json': '{ "extends": "../../config/tsconfig.base.json" }\n', 'config/tsconfig.base.json': '{}\n' }, 0],
  ['the base it extends gains the alias', { 'config/tsconfig.base.json': '{ "compilerOptions": { "paths": { "@shim/*": ["../src/*"] } } }\n' }, 1],
  ['the nearer tsconfig goes away', { 'src/agents/tsconfig.json': null }, 0],
  ['a workspace package takes over the import', { 'src/agents/f.ts': "import { Bridge } from '../bridge';\nimport { Thing } from '@acme/shim';\nexport const x = [Bridge, Thing];\n", 'packages/shim/package.json': '{ "name": "@acme/shim", "exports": "./index.ts" }\n', 'packages/shim/index.ts': "export * from '../../src/legacy/ws';\nexport { Manager as Thing } from '../../src/legacy/ws';\n" }, 1],
  ['the package is renamed', { 'packages/shim/package.json': '{ "name": "@acme/other", "exports": "./index.ts" }\n' }, 0],
  ['and a second package takes the name', { 'packages/two/package.json': '{ "name": "@acme/shim", "main": "lib.ts" }\n', 'packages/two/lib.ts': "export { Other as Thing } from '../../src/legacy/ws';\n" }, 0],
  ['its entry re-exports the legacy class instead', { 'packages/two/lib.ts': "export { Manager as Thing } from '../../src/legacy/ws';\n" }, 1],
  ['a version bump in that package.json', { 'packages/two/package.json': '{ "name": "@acme/shim", "version": "2.0.0", "main": "lib.ts" }\n' }, 1],
  ['a barrel appears between them', { 'packages/two/lib.ts': "export * from './inner';\n", 'packages/two/inner/index.ts': "export { Manager as Thing } from '../../../src/legacy/ws';\n" }, 1],
  ['a sibling file shadows the directory index', { 'packages/two/inner.ts': 'export const Thing = 3;\n' }, 0],
];

describe('ResolutionMemo over scripts: manifest and file-set changes reach every importer', () => {
  it('through tsconfig paths and extends, workspace packages, barrels and index probing', () => {
    const memo = new ResolutionMemo();
    const config = makeConfig([SCRIPT_RULE], { include: ['**/*.ts'] });
    let files: Record<string, string> = { ...SCRIPT_BASE };
    for (const [name, edits, expected] of SCRIPT_STEPS) {
      files = applyEdits(files, edits);
      const fresh = verdict(files, undefined, config);
      const reused = verdict(files, memo, config);
      assert.deepEqual(reused, fresh, name);
      assert.equal(fresh.violations.length, expected, `${name}: ${fresh.violations.join('\n')}`);
    }
    assert.ok(memo.hits > 0, 'the memo was used');
  });
});

describe('ResolutionMemo: what a manifest edit costs', () => {
  it('an edit resolution does not read (a version bump) re-resolves less than one it does (the entry point)', () => {
    const config = makeConfig([SCRIPT_RULE], { include: ['**/*.ts'] });
    const base = {
      ...SCRIPT_BASE,
      'packages/two/package.json': '{ "name": "@acme/shim", "main": "lib.ts" }\n',
      'packages/two/lib.ts': "export { Manager as Thing } from '../../src/legacy/ws';\n",
      'packages/two/other.ts': 'export const Thing = 1;\n',
      ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`src/agents/f${i}.ts`, "import { Bridge } from '../bridge';\nimport { Thing } from '@acme/shim';\nexport const x = [Bridge, Thing];\n"])),
    };
    const cost = (edited: string): number => {
      const memo = new ResolutionMemo();
      verdict(base, memo, config);
      const before = memo.misses;
      const after = verdict({ ...base, 'packages/two/package.json': edited }, memo, config);
      assert.deepEqual(after, verdict({ ...base, 'packages/two/package.json': edited }, undefined, config));
      return memo.misses - before;
    };
    const bump = cost('{ "name": "@acme/shim", "version": "2.0.0", "main": "lib.ts" }\n');
    const entry = cost('{ "name": "@acme/shim", "main": "other.ts" }\n');
    assert.ok(bump < entry / 4, `version bump re-resolved ${bump}, entry point change ${entry}`);
  });
});
