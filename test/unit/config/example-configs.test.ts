import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../../../src/config/load-config.js';

const EXAMPLES = fileURLToPath(new URL('../../../../config/examples/', import.meta.url));

describe('shipped example configs', () => {
  for (const name of readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'))) {
    it(`${name} is valid`, () => {
      const loaded = parseConfig(readFileSync(`${EXAMPLES}${name}`, 'utf8'));
      assert.ok('config' in loaded, JSON.stringify('errors' in loaded ? loaded.errors : null));
    });
  }

  it('the mixed-repo example holds a rule per language, and indexes both languages by default', () => {
    const loaded = parseConfig(readFileSync(`${EXAMPLES}typescript-mixed-repo.json`, 'utf8'));
    assert.ok('config' in loaded);
    assert.deepEqual(loaded.config.rules.map((r) => r.language), ['script', 'python']);
    assert.deepEqual(loaded.config.include, ['**/*.py', '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}']);
  });

  it('a script symbol that is not path#Export is refused with its JSON path', () => {
    const loaded = parseConfig(JSON.stringify({ rules: [{ id: 'r', message: 'm', legacy: ['src/legacy#Not A Name'], forbid: 'legacy' }] }));
    assert.ok('errors' in loaded);
    assert.deepEqual(loaded.errors, [{ path: '/rules/0/legacy/0', message: 'must be a dotted Python name like app.module.Name, a dotted glob like app.**.Name, or a TypeScript/JavaScript symbol like src/module#Export' }]);
  });
});
