import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempRepos } from '../helpers/repo-fixture.js';
import { runCli } from '../helpers/run-cli.js';
import { externalReferences } from '../helpers/html-tags.js';
import { PICTURE_FILES, pathWithoutDot } from '../helpers/picture-repo.js';

const repos = tempRepos();
after(() => repos.cleanup());

const PATH = pathWithoutDot();

/** Records every require of @viz-js/viz in the process it is preloaded into (the launcher requires the bundle's externals). */
const work = mkdtempSync(join(tmpdir(), 'ssot-guard-viz-loads-'));
const PRELOAD = join(work, 'record-viz.cjs');
writeFileSync(PRELOAD, `const Module = require('node:module'); const fs = require('node:fs');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (String(request).startsWith('@viz-js/viz')) fs.appendFileSync(process.env.SSOT_TEST_VIZ_LOADS, request + '\\n');
  return load.call(this, request, ...rest);
};
`);
let runs = 0;
async function cli(root: string, args: string[]) {
  const loads = join(work, `loads-${runs++}`);
  writeFileSync(loads, '');
  const run = await runCli(root, args, { PATH, NODE_OPTIONS: `--require ${PRELOAD}`, SSOT_TEST_VIZ_LOADS: loads });
  return { ...run, vizLoaded: readFileSync(loads, 'utf8') !== '' };
}

describe('pictures with no Graphviz on PATH', () => {
  it('the PATH the CLI gets has git and no dot', () => {
    assert.equal(spawnSync('dot', ['-V'], { env: { PATH } }).error?.message.includes('ENOENT'), true);
    assert.equal(spawnSync('git', ['--version'], { env: { PATH } }).status, 0);
  });

  it('graph --format svg: an SVG document drawn in-process, roles as classes', async () => {
    const r = await repos.make(PICTURE_FILES);
    const run = await cli(r.root, ['graph', '--focus', 'app.factory', '--dependencies', '--format', 'svg']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^<\?xml[\s\S]*<svg [\s\S]*<\/svg>\s*$/);
    assert.match(run.stdout, /<g id="[^"]*" class="node legacy">\s*<title>app\.legacy<\/title>/);
    assert.match(run.stdout, /<g id="[^"]*" class="node canonical">\s*<title>app\.bridge<\/title>/);
    assert.match(run.stdout, /<g id="[^"]*" class="edge violation">\s*<title>app\.factory&#45;&gt;app\.legacy<\/title>/);
    assert.equal(run.vizLoaded, true);
  });

  it('graph --format html: the graph and the violations of its modules on one page', async () => {
    const r = await repos.make(PICTURE_FILES);
    const run = await cli(r.root, ['graph', '--focus', 'app.legacy', '--dependents', '--format', 'html']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(externalReferences(run.stdout), []);
    assert.match(run.stdout, /<svg [^>]*role="img"/);
    assert.equal((run.stdout.match(/class="edge violation"/g) ?? []).length, 2, 'both mixing importers');
    const listed = [...run.stdout.matchAll(/<li class="violation error"[^>]*data-module="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(listed, ['app.factory', 'app.other']);
  });

  it('check --all --format html: the whole verdict, exit 1 as with any format', async () => {
    const r = await repos.make(PICTURE_FILES);
    const run = await cli(r.root, ['check', '--all', '--format', 'html']);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /class="verdict bad">✖ 2 violations in 2 files/);
    assert.match(run.stdout, /<span class="file">app\/factory\.py:2:24<\/span>/);
    assert.match(run.stdout, /<span class="file">app\/other\.py:1:24<\/span>/);
    assert.match(run.stdout, /<pre> {4}2 \| from app\.legacy import Manager<\/pre>/);
    assert.deepEqual(externalReferences(run.stdout), []);
    assert.equal(run.vizLoaded, false, 'a check never loads Graphviz');
  });

  it('the other formats never load Graphviz, and no hook bundle carries it', async () => {
    const r = await repos.make(PICTURE_FILES);
    for (const format of ['text', 'dot', 'mermaid']) {
      const run = await cli(r.root, ['graph', '--focus', 'app.factory', '--format', format]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.vizLoaded, false, format);
    }
    const dist = fileURLToPath(new URL('../../', import.meta.url));
    for (const bundle of ['src/hook.cjs', 'src/hook-main.cjs', 'bundle/check-command.cjs']) {
      assert.doesNotMatch(readFileSync(join(dist, bundle), 'utf8'), /viz-js|graphvizVersion/, bundle);
    }
    const cliMain = readFileSync(join(dist, 'bundle/cli-main.cjs'), 'utf8');
    assert.match(cliMain, /require\("@viz-js\/viz"\)/, 'the CLI requires it from node_modules');
    assert.doesNotMatch(cliMain, /graphvizVersion/, 'and does not inline it');
  });

  it('an unknown graph format names the ones there are', async () => {
    const r = await repos.make(PICTURE_FILES);
    const run = await cli(r.root, ['graph', '--focus', 'app.factory', '--format', 'png']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown --format "png" \(text, dot, mermaid, svg, html\)/);
  });
});
