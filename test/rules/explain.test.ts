import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { asRepoPath } from '../../src/model/index.js';
import { explainFile } from '../../src/rules/explain.js';
import { renderExplanation } from '../../src/cli/explain-text.js';
import { BASE_FILES, makeConfig, makeRule, programOf } from '../helpers/engine-fixture.js';

function explain(files: Record<string, string>, path: string, rule = makeRule()) {
  const all = { ...BASE_FILES, ...files };
  const config = makeConfig([rule]);
  const program = programOf(all, config);
  const lines = all[path]!.split('\n');
  return renderExplanation(asRepoPath(path), explainFile(config, program, asRepoPath(path)), (n) => lines[n - 1]);
}

describe('explain', () => {
  it('names every hop of a re-export plus alias chain', () => {
    const text = explain(
      {
        'app/legacy/__init__.py': 'from .compat import Old\n',
        'app/legacy/compat.py': 'from .ws import Manager\nConnMgr = Manager\nOld = ConnMgr\n',
        'app/agents/factory.py': 'from app.bridge import Bridge\nfrom app.legacy import Old as O\n',
      },
      'app/agents/factory.py',
    );
    assert.match(text, /rule single-path: VIOLATION/);
    assert.match(text, /matches scope.files glob "app\/agents\/\*\*"/);
    assert.match(
      text,
      /resolved: app\.legacy\.Old -> app\.legacy\.compat\.Old -> app\.legacy\.compat\.ConnMgr -> app\.legacy\.compat\.Manager -> app\.legacy\.ws\.Manager/,
    );
    assert.match(text, /\| from app\.legacy import Old as O/);
  });

  it('says why a file is in scope through dependentsOf, and shows the transitive chain', () => {
    const text = explain(
      {
        'app/core.py': 'X = 1\n',
        'app/helpers.py': 'from app.legacy import ws\n',
        'app/routes.py': 'import app.core\nimport app.helpers\nfrom app.bridge import Bridge\n',
      },
      'app/routes.py',
      makeRule({ files: [], dependentsOf: ['app.core'], transitive: true }),
    );
    assert.match(text, /imports app\.core \(importer at depth 1/);
    assert.match(text, /import chain: app\.routes -> app\.helpers -> app\.legacy\.ws/);
  });

  it('agrees with check: a suppressed violation is not reported, and says it was suppressed', () => {
    const files = { 'app/agents/factory.py': 'from app.bridge import Bridge\nfrom app.legacy.ws import Manager  # ssot-guard: allow single-path -- migrating in PROJ-12\n' };
    const text = explain(files, 'app/agents/factory.py');
    assert.match(text, /rule single-path: ok/);
    assert.doesNotMatch(text, /=> /);
    assert.match(text, /\(suppressed\) 2:\d+ single-path/);
    const unexplained = explain({ 'app/agents/factory.py': 'from app.bridge import Bridge\nfrom app.legacy.ws import Manager  # ssot-guard: allow single-path\n' }, 'app/agents/factory.py');
    assert.match(unexplained, /rule single-path: VIOLATION/);
  });

  it('a file out of scope says so', () => {
    const text = explain({ 'app/other.py': 'import os\n' }, 'app/other.py');
    assert.match(text, /not in scope/);
  });
});
