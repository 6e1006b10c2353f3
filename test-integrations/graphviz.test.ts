import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { tempRepos } from '../test/helpers/repo-fixture.js';
import { runCli } from '../test/helpers/run-cli.js';
import { MIXED, baseFiles } from '../test/helpers/python-repo.js';

const repos = tempRepos();
after(() => repos.cleanup());

/** Needs Graphviz's `dot` (Debian's graphviz; .ci/run installs it): the dot output is a picture Graphviz draws. */
describe('graph --format dot, drawn by Graphviz', () => {
  it('renders to SVG with the legacy module in it', async () => {
    const r = await repos.make({ ...baseFiles(MIXED), 'app/routes.py': 'from app import factory\n' });
    const run = await runCli(r.root, ['graph', '--focus', 'app.factory', '--dependencies', '--format', 'dot']);
    assert.equal(run.code, 0, run.stderr);
    const svg = execFileSync('dot', ['-Tsvg'], { input: run.stdout }).toString();
    assert.match(svg, /<svg/);
    assert.match(svg, /app\.legacy/);
  });
});
