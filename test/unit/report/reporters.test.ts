import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CheckResult } from '../../../src/model/index.js';
import { evaluateFiles } from '../../helpers/engine-fixture.js';
import { loadReporter } from '../../../src/report/registry.js';

const FACTORY = 'from app.bridge import Bridge\nfrom app.legacy.ws import Manager\n';
const { violations } = evaluateFiles({ 'app/agents/factory.py': FACTORY });
const result: CheckResult = {
  snapshot: 'staged',
  ruleErrors: [],
  violations,
  diagnostics: [{ file: 'app/agents/other.py' as never, line: 3, column: 1, code: 'syntax', message: 'invalid syntax' }],
  baseline: { known: 0, stale: [] },
  stats: { files: 3, parsed: 3, cacheHits: 0, ms: 1, daemon: false },
};
const options = { color: false, sourceLine: (_: string, line: number) => FACTORY.split('\n')[line - 1] };

describe('reporters on one result', () => {
  it('json: the contract fields, exit 1 for an error violation', async () => {
    const { output, exitCode } = (await loadReporter('json'))(result, options);
    const json = JSON.parse(output);
    assert.equal(exitCode, 1);
    assert.equal(json.ok, false);
    assert.deepEqual(json.violations.map((v: any) => [v.rule, v.file, v.line]), [['single-path', 'app/agents/factory.py', 2]]);
    assert.deepEqual(json.diagnostics.map((d: any) => [d.code, d.file, d.line]), [['syntax', 'app/agents/other.py', 3]]);
  });

  it('sarif: one rule with metadata, results at their locations', async () => {
    const { output } = (await loadReporter('sarif'))(result, options);
    const run = JSON.parse(output).runs[0];
    assert.ok(run.tool.driver.rules.some((r: any) => r.id === 'single-path'));
    const located = run.results.map((r: any) => [r.ruleId, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine]);
    assert.deepEqual(located.find((l: any[]) => l[0] === 'single-path'), ['single-path', 'app/agents/factory.py', 2]);
  });

  it('text: file, line, rule, the code frame and the fix', async () => {
    const { output, exitCode } = (await loadReporter('text'))(result, options);
    assert.equal(exitCode, 1);
    assert.match(output, /app\/agents\/factory\.py/);
    assert.match(output, /2:\d+ +error +single-path/);
    assert.match(output, /from app\.legacy\.ws import Manager/);
    assert.match(output, /fix: /);
  });
});
