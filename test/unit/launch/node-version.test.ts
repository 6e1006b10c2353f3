import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { REQUIRED_NODE, satisfies } from '../../../src/launch/node-version.js';

describe('the Node version an entry point requires', () => {
  const table: Array<[string, boolean]> = [['v20.19.0', true], ['20.19.2', true], ['v22.1.0', true], ['v20.18.3', false], ['v18.20.4', false], ['v20', false], ['v21.0.0', true]];
  for (const [version, ok] of table) it(`${version}: ${ok ? 'runs' : 'refused'}`, () => assert.equal(satisfies(version), ok));

  it("is package.json's engines", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };
    const floor = /^>=(\d+)\.(\d+)(?:\.(\d+))?$/.exec(pkg.engines.node);
    assert.ok(floor, pkg.engines.node);
    assert.equal(REQUIRED_NODE, `${floor[1]}.${floor[2]}.${floor[3] ?? 0}`);
  });
});
