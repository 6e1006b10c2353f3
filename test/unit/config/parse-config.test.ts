import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../../src/config/load-config.js';

const RULE = { id: 'ws', message: 'Use Bridge.', scope: { files: ['app/**'] }, canonical: ['app.bridge.Bridge'], legacy: ['app.legacy.Manager'], forbid: 'mix' };
const errorsOf = (config: unknown): Array<{ path: string; message: string }> => {
  const loaded = parseConfig(typeof config === 'string' ? config : JSON.stringify(config));
  return 'errors' in loaded ? loaded.errors.map(({ path, message }) => ({ path, message })) : [];
};

/** Config validation in-process: every error at once, each at its JSON path (the CLI prints them with the file). */
describe('parseConfig', () => {
  it('a valid config normalises: defaults filled, symbols kept', () => {
    const loaded = parseConfig(JSON.stringify({ python: { roots: ['.'] }, rules: [RULE] }));
    assert.ok('config' in loaded, JSON.stringify(loaded));
    const [rule] = loaded.config.rules;
    assert.equal(rule!.id, 'ws');
    assert.deepEqual(rule!.legacy, ['app.legacy.Manager']);
    assert.equal(rule!.severity, 'error');
    assert.equal(rule!.unit, 'file');
  });

  it('every bad field at once, each at its path', () => {
    const errors = errorsOf({ python: { roots: ['.'], version: 3 }, colour: 'red', rules: [{ ...RULE, forbid: 'sometimes', legacy: 'app.legacy.Manager' }] });
    const paths = errors.map((e) => e.path);
    for (const p of ['/python/version', '/colour', '/rules/0/forbid', '/rules/0/legacy']) assert.ok(paths.includes(p), `${p} in ${JSON.stringify(errors)}`);
  });

  it('a rule without an id, and two rules with the same id', () => {
    const { id: _, ...noId } = RULE;
    assert.deepEqual(errorsOf({ rules: [noId] }), [{ path: '/rules/0/id', message: 'is required' }]);
    assert.ok(errorsOf({ rules: [RULE, { ...RULE, forbid: 'legacy' }] }).some((e) => e.path === '/rules/1/id' && /duplicate/.test(e.message)));
  });

  it('a symbol that is not a dotted name or a script symbol, and a glob that climbs out', () => {
    assert.ok(errorsOf({ rules: [{ ...RULE, legacy: ['not a symbol!'] }] }).some((e) => e.path === '/rules/0/legacy/0'));
    assert.ok(errorsOf({ rules: [{ ...RULE, scope: { files: ['../**'] } }] }).some((e) => e.path === '/rules/0/scope/files/0' && /outside/.test(e.message)));
  });

  it('JSON that does not parse: an error with line and column', () => {
    const loaded = parseConfig('{\n  "rules": [\n}\n');
    assert.ok('errors' in loaded);
    assert.ok(loaded.errors.every((e) => typeof e.line === 'number' && typeof e.column === 'number'), JSON.stringify(loaded.errors));
    assert.equal(loaded.errors[0]!.line, 3);
  });
});
