import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../../src/config/load-config.js';

/** forbid "spelling" and "alias" (issue 23): their fields, validated and normalised. */
const parse = (rule: Record<string, unknown>) => parseConfig(JSON.stringify({ rules: [{ id: 'r', message: 'm', ...rule }] }));
const SPELLINGS = { 'app.engine.Old': 'app.engine.New' };

describe('config of forbid "spelling" and "alias"', () => {
  it('spellings become the legacy (forbidden) and canonical (to write) symbols', () => {
    const loaded = parse({ forbid: 'spelling', spellings: { ...SPELLINGS, 'app.engine.Older': 'app.engine.New' } });
    assert.ok('config' in loaded, JSON.stringify(loaded));
    const [r] = loaded.config.rules;
    assert.deepEqual([r!.legacy, r!.canonical, r!.spellings, r!.language], [['app.engine.Old', 'app.engine.Older'], ['app.engine.New'], { ...SPELLINGS, 'app.engine.Older': 'app.engine.New' }, 'python']);
  });

  it('forbid "spelling" needs spellings, and takes no legacy or canonical list', () => {
    const missing = parse({ forbid: 'spelling' });
    assert.ok('errors' in missing);
    assert.deepEqual(missing.errors.map((e) => [e.path, e.message]), [['/rules/0/spellings', 'is required']]);
    const both = parse({ forbid: 'spelling', spellings: SPELLINGS, legacy: ['app.engine.Old'] });
    assert.ok('errors' in both);
    assert.deepEqual(both.errors.map((e) => e.path), ['/rules/0/legacy']);
    const chained = parse({ forbid: 'spelling', spellings: { 'app.a': 'app.b', 'app.b': 'app.c' } });
    assert.ok('errors' in chained);
    assert.match(chained.errors[0]!.message, /"app\.b" is the spelling to write instead of "app\.a" but is itself forbidden/);
    const bad = parse({ forbid: 'spelling', spellings: { 'not a name': 'app.b' } });
    assert.ok('errors' in bad);
  });

  it('forbid "alias" needs aliases, and one declared symbol on either side', () => {
    const ok = parse({ forbid: 'alias', canonical: ['app.bridge.Bridge'], aliases: ['*Bridge'] });
    assert.ok('config' in ok, JSON.stringify(ok));
    assert.deepEqual(ok.config.rules[0]!.aliases, ['*Bridge']);
    const missing = parse({ forbid: 'alias', legacy: ['app.ws.Manager'] });
    assert.ok('errors' in missing);
    assert.deepEqual(missing.errors.map((e) => [e.path, e.message]), [['/rules/0/aliases', 'is required']]);
    const none = parse({ forbid: 'alias', aliases: ['*'] });
    assert.ok('errors' in none);
    assert.deepEqual(none.errors.map((e) => e.path), ['/rules/0/legacy']);
  });

  it('spellings and aliases belong to their kind', () => {
    const loaded = parse({ legacy: ['app.ws.Manager'], canonical: ['app.bridge.Bridge'], spellings: SPELLINGS, aliases: ['*'] });
    assert.ok('errors' in loaded);
    assert.deepEqual(loaded.errors.map((e) => [e.path, e.message]), [
      ['/rules/0/spellings', 'is allowed only with forbid "spelling"'],
      ['/rules/0/aliases', 'is allowed only with forbid "alias"'],
    ]);
  });
});
