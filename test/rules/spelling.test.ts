import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { asRepoPath } from '../../src/model/index.js';
import { evaluateFiles, makeConfig, makeRule, programOf, type RuleInput } from '../helpers/engine-fixture.js';
import { ruleErrorsOf } from '../../src/rules/rule-errors.js';
import { explainFile } from '../../src/rules/explain.js';
import { renderExplanation } from '../../src/cli/explain-text.js';
import { sarifReporter } from '../../src/report/sarif-reporter.js';
import { jsonReporter } from '../../src/report/json-reporter.js';
import { CANONICAL_ENGINE, FACTORY, FACTORY_REPO, OLD_ENGINE } from '../helpers/factory-repo.js';

/**
 * forbid "spelling" (issue 23, item 4): the object UserExecutionEngine is
 * canonical; its old name RequestScopedExecutionEngine (an alias of it) is a
 * forbidden spelling. Identity plays no part: the same object under the
 * canonical name passes, an unrelated class of the old name passes.
 */
const SPELLINGS = { [OLD_ENGINE]: CANONICAL_ENGINE };

function rule(input: RuleInput = {}) {
  return makeRule({ id: 'engine-spelling', spellings: SPELLINGS, files: ['app/agents/**'], ...input });
}

const evaluate = (files: Record<string, string>, input: RuleInput = {}) => evaluateFiles(files, [rule(input)], {}, FACTORY_REPO);

interface Case {
  readonly name: string;
  readonly code: string;
  readonly violations: number;
  /** What the evidence says the code writes. */
  readonly written?: string;
  readonly file?: string;
  readonly rule?: RuleInput;
}

const cases: Case[] = [
  { name: 'the old name imported from its module', code: 'from app.engine.user_engine import RequestScopedExecutionEngine\n', violations: 1, written: OLD_ENGINE },
  { name: 'the old name imported under an alias', code: 'from app.engine.user_engine import RequestScopedExecutionEngine as Engine\n', violations: 1, written: OLD_ENGINE },
  { name: 'the old name through the package re-export', code: 'from app.engine import RequestScopedExecutionEngine\n', violations: 1, written: 'app.engine.RequestScopedExecutionEngine' },
  { name: 'a relative import of the old name', code: 'from ...engine.user_engine import RequestScopedExecutionEngine\n', violations: 1, written: OLD_ENGINE },
  { name: 'the module imported, then the old name read off it', code: 'import app.engine.user_engine as ue\n\nengine = ue.RequestScopedExecutionEngine()\n', violations: 1, written: OLD_ENGINE },
  { name: 'in a function body', code: 'def make():\n    from app.engine import RequestScopedExecutionEngine\n    return RequestScopedExecutionEngine()\n', violations: 1 },
  { name: 'a forbidden module spelling: the import path, and what is inside it', code: 'from app.engine.user_engine import UserExecutionEngine\n', violations: 1, written: 'app.engine.user_engine',
    rule: { spellings: { 'app.engine.user_engine': 'app.engine' } } },
  // Passing.
  { name: 'the same object under its canonical name', code: 'from app.engine.user_engine import UserExecutionEngine\n', violations: 0 },
  { name: 'the canonical name through the package re-export', code: 'from app.engine import UserExecutionEngine\n', violations: 0 },
  { name: 'an unrelated class of the old name', code: 'from app.tools.engine import RequestScopedExecutionEngine\n', violations: 0 },
  { name: 'the old name in a comment and a string', code: '# RequestScopedExecutionEngine is gone\nNAME = "app.engine.user_engine.RequestScopedExecutionEngine"\n', violations: 0 },
  { name: 'the canonical path bound to the old local name (what is written is the canonical path)',
    code: 'from app.engine.user_engine import UserExecutionEngine as RequestScopedExecutionEngine\n', violations: 0 },
  { name: 'a suppression with a reason', code: 'from app.engine import RequestScopedExecutionEngine  # ssot-guard: allow engine-spelling -- old callers, PR 1234\n', violations: 0 },
  { name: 'out of scope', code: 'from app.engine import RequestScopedExecutionEngine\n', violations: 0, file: 'app/tools/cli.py' },
];

describe('forbid "spelling": a deprecated spelling of the canonical object', () => {
  for (const c of cases) {
    it(c.name, () => {
      const { violations } = evaluate({ [c.file ?? FACTORY]: c.code }, c.rule);
      assert.equal(violations.length, c.violations, JSON.stringify(violations, null, 1));
      if (c.written) assert.equal(violations[0]!.evidence[0]!.written, c.written);
    });
  }

  it('says what to write instead, in the message and the evidence, at the import line', () => {
    const { violations: [v, ...more] } = evaluate({ [FACTORY]: 'import os\nfrom app.engine import RequestScopedExecutionEngine as Engine\n' });
    assert.equal(more.length, 0);
    assert.equal(v!.line, 2);
    assert.match(v!.message, /write app\.engine\.user_engine\.UserExecutionEngine instead of app\.engine\.RequestScopedExecutionEngine/);
    assert.deepEqual(v!.evidence.map((e) => [e.side, e.symbol, e.fix, e.origin]), [['legacy', OLD_ENGINE, CANONICAL_ENGINE, CANONICAL_ENGINE]]);
  });

  it('fingerprints do not move with the line', () => {
    const code = 'from app.engine import RequestScopedExecutionEngine\n';
    const [a] = evaluate({ [FACTORY]: code }).violations;
    const [b] = evaluate({ [FACTORY]: `import os\n\n${code}` }).violations;
    assert.equal(a!.fingerprint, b!.fingerprint);
    assert.notEqual(a!.line, b!.line);
  });

  it('function units: each def that writes the old name', () => {
    const code = 'from app.engine import UserExecutionEngine\n\ndef a():\n    from app.engine import RequestScopedExecutionEngine\n    return RequestScopedExecutionEngine()\n\ndef b():\n    return UserExecutionEngine()\n';
    assert.deepEqual(evaluate({ [FACTORY]: code }, { unit: 'function' }).violations.map((v) => v.unit), ['a']);
  });

  it('the package that re-exports the old name writes it too (exclude it, or suppress it with a reason); the module that defines it does not', () => {
    const { violations } = evaluate({}, { files: ['app/engine/**'] });
    assert.deepEqual(violations.map((v) => [v.file, v.line]), [['app/engine/__init__.py', 1]]);
  });

  it('a forbidden spelling and the spelling to write are one object: no rule error; a spelling that names nothing is one', () => {
    const errors = (input: RuleInput) => {
      const config = makeConfig([rule(input)]);
      return ruleErrorsOf(config, programOf({ ...FACTORY_REPO, [FACTORY]: 'x = 1\n' }, config));
    };
    assert.deepEqual(errors({}), []);
    const [e, ...more] = errors({ spellings: { 'app.engine.user_engine.RequestScopedExecutionEngin': CANONICAL_ENGINE } });
    assert.equal(more.length, 0);
    assert.equal(e!.path, '/rules/0/spellings/app.engine.user_engine.RequestScopedExecutionEngin');
    assert.match(e!.message, /did you mean app\.engine\.user_engine\.RequestScopedExecutionEngine\?.*remove it from spellings/);
    const [to] = errors({ spellings: { [OLD_ENGINE]: 'app.engine.user_engine.UserEngine' } });
    assert.equal(to!.path, `/rules/0/spellings/${OLD_ENGINE}`);
  });

  it('explain shows what is written and what to write; SARIF and JSON carry the fix', () => {
    const files = { ...FACTORY_REPO, [FACTORY]: 'from app.engine import RequestScopedExecutionEngine\n' };
    const config = makeConfig([rule()]);
    const program = programOf(files, config);
    const text = renderExplanation(asRepoPath(FACTORY), explainFile(config, program, asRepoPath(FACTORY)), () => undefined);
    assert.match(text, /VIOLATION \(forbid: spelling, unit: file\)/);
    assert.match(text, /written: app\.engine\.RequestScopedExecutionEngine; write instead: app\.engine\.user_engine\.UserExecutionEngine/);
    const { violations } = evaluateFiles({ [FACTORY]: files[FACTORY] }, [rule()], {}, FACTORY_REPO);
    const result = { snapshot: 'staged' as const, ruleErrors: [], violations, diagnostics: [], baseline: { known: 0, stale: [] }, stats: { files: 0, parsed: 0, cacheHits: 0, ms: 0, daemon: false } };
    const sarif = JSON.parse(sarifReporter(result, { color: false, sourceLine: () => undefined }).output);
    assert.match(sarif.runs[0].tool.driver.rules[0].help.text, /app\.engine\.RequestScopedExecutionEngine: app\.engine\.user_engine\.UserExecutionEngine/);
    assert.match(sarif.runs[0].results[0].message.text, /write app\.engine\.user_engine\.UserExecutionEngine instead/);
    const json = JSON.parse(jsonReporter(result, { color: false, sourceLine: () => undefined }).output);
    assert.equal(json.violations[0].evidence[0].fix, CANONICAL_ENGINE);
  });
});
