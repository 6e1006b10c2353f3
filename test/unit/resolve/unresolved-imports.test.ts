import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { asRepoPath } from '../../../src/model/index.js';
import { makeConfig, makeRule, programOf } from '../../helpers/engine-fixture.js';

/** Which imports of a Python file are reported as naming an in-repo module that does not exist. */
function unresolved(files: Record<string, string>, path: string): string[] {
  const config = makeConfig([makeRule()]);
  return programOf(files, config).resolver.unresolvedOf(asRepoPath(path)).map((u) => `${u.line}: ${u.message}`);
}

describe('unresolved Python imports', () => {
  it('a module missing from a regular package is reported, with its line', () => {
    const found = unresolved({ 'app/__init__.py': '', 'app/a.py': 'import os\nfrom app import b\nimport app.missing\n' }, 'app/a.py');
    assert.deepEqual(found.length, 1);
    assert.match(found[0]!, /^3: cannot resolve module "app\.missing"/);
  });

  it('PEP 420: a namespace directory does not hide the installed library of the same name', () => {
    // `alembic/` holds migration scripts, without __init__.py; `alembic` the library is installed.
    const files = {
      'alembic/env.py': 'from alembic import context\nimport alembic.config\nfrom alembic.runtime.migration import MigrationContext\n',
      'alembic/versions/0001_init.py': 'from alembic import op\nimport sqlalchemy as sa\n',
      'app/__init__.py': '',
    };
    assert.deepEqual(unresolved(files, 'alembic/env.py'), []);
    assert.deepEqual(unresolved(files, 'alembic/versions/0001_init.py'), []);
  });

  it('below a regular package inside a namespace directory, a missing module is still reported', () => {
    const files = { 'ns/pkg/__init__.py': '', 'ns/pkg/a.py': 'import ns.pkg.gone\nimport ns.elsewhere\n' };
    assert.deepEqual(unresolved(files, 'ns/pkg/a.py').map((m) => m.slice(0, 2)), ['1:']);
  });
});
