import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { asModuleName } from '../../../src/model/index.js';
import { makeConfig, programOf } from '../../helpers/engine-fixture.js';

/** Origins with their hops, straight from the resolver (cases found by `npm run verify:real` on real code). */
describe('Resolver.origin', () => {
  const table: Array<[string, Record<string, string>, string, string, { symbol: string; via: string[] }]> = [
    ['X = X of a builtin is the name itself, with no hops', { 'app/compat.py': 'TimeoutError = TimeoutError\n' },
      'app.compat', 'TimeoutError', { symbol: 'app.compat.TimeoutError', via: [] }],
    ['an alias of a local class names the class', { 'app/compat.py': 'class Impl: pass\nAlias = Impl\n' },
      'app.compat', 'Alias', { symbol: 'app.compat.Impl', via: ['app.compat.Alias'] }],
  ];
  for (const [name, files, module, symbol, expected] of table) {
    it(name, () => {
      const { resolver } = programOf({ 'app/__init__.py': '', ...files }, makeConfig([]));
      const got = resolver.origin(asModuleName(module), symbol);
      assert.deepEqual({ symbol: got.symbol, via: [...got.via] }, expected);
    });
  }
});
