import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempRepos } from '../test/helpers/repo-fixture.js';
import { runCli } from '../test/helpers/run-cli.js';
import { PICTURE_FILES, pathWithoutDot } from '../test/helpers/picture-repo.js';
import { countColour, decodePng } from './png-pixels.js';

const repos = tempRepos();
const work = mkdtempSync(join(tmpdir(), 'ssot-guard-browser-'));
after(async () => {
  await repos.cleanup();
  rmSync(work, { recursive: true, force: true });
});

/** Debian's chromium, headless (.ci/run installs it): the page as a browser renders it, scripts run. */
function chromium(args: string[]): Promise<string> {
  const profile = mkdtempSync(join(work, 'profile-'));
  return new Promise((resolve, reject) =>
    execFile('chromium', ['--headless=new', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--user-data-dir=${profile}`, ...args], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) =>
      err ? reject(new Error(`chromium ${args.join(' ')}: ${err.message}\n${stderr}`)) : resolve(stdout),
    ),
  );
}

async function screenshot(page: string, png: string): Promise<Buffer> {
  await chromium([`--screenshot=${png}`, '--window-size=1200,900', pathToFileURL(page).href]);
  return readFileSync(png);
}

const LEGACY_FILL = [0xfe, 0xe2, 0xe2] as const; // the dot fill of a legacy module (and the legend's swatch)
const CANONICAL_FILL = [0xdc, 0xfc, 0xe7] as const;
const FOCUS_FILL = [0xdb, 0xea, 0xfe] as const;
const RED = [0xff, 0x00, 0x00] as const; // the violating edge's arrowhead, drawn by Graphviz only

let graphPage = '';
let reportPage = '';
before(async () => {
  const r = await repos.make(PICTURE_FILES);
  const env = { PATH: pathWithoutDot() };
  const graph = await runCli(r.root, ['graph', '--focus', 'app.legacy', '--dependents', '--format', 'html'], env);
  assert.equal(graph.code, 0, graph.stderr);
  graphPage = join(work, 'graph.html');
  writeFileSync(graphPage, graph.stdout);
  const report = await runCli(r.root, ['check', '--all', '--format', 'html'], env);
  assert.equal(report.code, 1, report.stderr);
  reportPage = join(work, 'report.html');
  writeFileSync(reportPage, report.stdout);
});

describe('the html pages in headless Chromium', () => {
  it('graph page: the svg nodes and the violation list are in the rendered DOM, and the script ran', async () => {
    const dom = await chromium(['--dump-dom', pathToFileURL(graphPage).href]);
    const nodes = [...dom.matchAll(/<g id="[^"]*" class="(node [^"]*)">\s*<title>([^<]*)<\/title>/g)].map((m) => [m[2], m[1]]);
    assert.deepEqual(nodes.sort(), [['app.factory', 'node plain'], ['app.legacy', 'node focus'], ['app.other', 'node plain']]);
    assert.equal((dom.match(/<li class="violation error"/g) ?? []).length, 2);
    // Written by the page's script on load: empty in the file.
    assert.match(readFileSync(graphPage, 'utf8'), /<span id="search-count" aria-live="polite"><\/span>/);
    assert.match(dom, /<span id="search-count" aria-live="polite">2 listed<\/span>/);
  });

  it('graph page: a search (from the URL) filters the violations and highlights the matching node', async () => {
    const dom = await chromium(['--dump-dom', `${pathToFileURL(graphPage).href}#q=app.other`]);
    assert.match(dom, /<span id="search-count" aria-live="polite">1 of 2 shown<\/span>/);
    assert.match(dom, /<li class="violation error" data-search="[^"]*app\/other\.py[^"]*" data-module="app\.other">/);
    assert.match(dom, /<li class="violation error" data-search="[^"]*app\/factory\.py[^"]*" data-module="app\.factory" hidden="">/);
    assert.match(dom, /class="node plain match">\s*<title>app\.other<\/title>/);
    assert.match(dom, /class="node plain dim">\s*<title>app\.factory<\/title>/);
  });

  it('check report: both violations and the counts in the rendered DOM', async () => {
    const dom = await chromium(['--dump-dom', `${pathToFileURL(reportPage).href}#q=factory`]);
    assert.match(dom, /<dd data-count="violations">2 \(2 errors, 0 warnings; 2 new\)<\/dd>/);
    assert.match(dom, /<span id="search-count" aria-live="polite">1 of 2 shown<\/span>/);
    assert.match(dom, /data-search="ws app\/other\.py[^"]*" hidden="">/);
  });

  it('a screenshot shows the graph: module fills and the violating edge that only the svg draws', async () => {
    const shot = decodePng(await screenshot(graphPage, join(work, 'graph.png')));
    assert.equal(shot.width, 1200);
    assert.equal(shot.height, 900);
    // The same page without its svg: what the legend and the list alone paint.
    const bare = join(work, 'bare.html');
    writeFileSync(bare, readFileSync(graphPage, 'utf8').replace(/<svg[\s\S]*<\/svg>/, ''));
    const without = decodePng(await screenshot(bare, join(work, 'bare.png')));
    assert.ok(countColour(shot, FOCUS_FILL) - countColour(without, FOCUS_FILL) > 1000, 'the focus module (app.legacy), filled blue');
    assert.ok(countColour(shot, RED) > 0, 'the violating edges');
    assert.equal(countColour(without, RED), 0);
    assert.ok(statSync(join(work, 'graph.png')).size > 10_000);
  });

  it('a screenshot of the graph with a canonical module fills it green', async () => {
    const r = await repos.make(PICTURE_FILES);
    const run = await runCli(r.root, ['graph', '--focus', 'app.factory', '--dependencies', '--format', 'html'], { PATH: pathWithoutDot() });
    assert.equal(run.code, 0, run.stderr);
    const page = join(work, 'factory.html');
    writeFileSync(page, run.stdout);
    const bare = join(work, 'factory-bare.html');
    writeFileSync(bare, run.stdout.replace(/<svg[\s\S]*<\/svg>/, ''));
    const shot = decodePng(await screenshot(page, join(work, 'factory.png')));
    const without = decodePng(await screenshot(bare, join(work, 'factory-bare.png')));
    assert.ok(countColour(shot, CANONICAL_FILL) - countColour(without, CANONICAL_FILL) > 1000, 'app.bridge, filled green');
    assert.ok(countColour(shot, LEGACY_FILL) - countColour(without, LEGACY_FILL) > 1000, 'app.legacy, filled red');
    assert.ok(countColour(shot, RED) > 0, 'the violating edge');
  });
});
