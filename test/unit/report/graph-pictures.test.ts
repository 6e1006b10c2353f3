import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { GraphPicture } from '../../../src/graph/neighbourhood.js';
import type { RepoPath, Violation } from '../../../src/model/index.js';
import { toDot } from '../../../src/report/graph-formats.js';
import { graphHtml, inlineSvg } from '../../../src/report/graph-html.js';
import { renderSvg } from '../../../src/report/render-svg.js';
import { externalReferences, startTags } from '../../helpers/html-tags.js';

const HOSTILE = 'app.<script>alert(1)</script>';
const picture: GraphPicture = {
  nodes: [
    { id: 'app.factory' as never, role: 'focus', depth: 0 },
    { id: 'app.bridge' as never, role: 'canonical', depth: 1 },
    { id: 'app.legacy' as never, role: 'legacy', depth: 1 },
    { id: HOSTILE as never, role: 'plain', depth: 1 },
  ],
  edges: [
    { from: 'app.factory' as never, to: 'app.bridge' as never, violating: false },
    { from: 'app.factory' as never, to: 'app.legacy' as never, violating: true },
    { from: 'app.factory' as never, to: HOSTILE as never, violating: false },
  ],
};

const violation = (file: string, rule: string): Violation => ({
  rule, severity: 'error', file: file as RepoPath, line: 2, column: 1, unit: '<file>' as never, message: `${rule} message`,
  fingerprint: file as never, status: 'existing', chain: [],
  evidence: [{ side: 'legacy', use: 'import', symbol: 'app.legacy.Manager' as never, line: 2, column: 1, via: ['app.compat.Old'], origin: 'app.legacy.Manager' }],
});
const moduleOf = (f: RepoPath): string | undefined => ({ 'app/factory.py': 'app.factory', 'app/elsewhere.py': 'app.elsewhere' })[f as string];

/** The <g> elements Graphviz drew, as class list and <title>. */
function shapes(svg: string): Array<{ classes: string; title: string }> {
  return [...svg.matchAll(/<g id="[^"]*" class="([^"]*)">\s*<title>([^<]*)<\/title>/g)].map((m) => ({ classes: m[1]!, title: m[2]! }));
}

describe('graph pictures: svg drawn in-process, html around it', () => {
  it('the dot text gives each node its role as a class, and the violating edge its own', () => {
    const dot = toDot(picture);
    assert.match(dot, /"app\.legacy" \[[^\]]*class=legacy\]/);
    assert.match(dot, /"app\.bridge" \[[^\]]*class=canonical\]/);
    assert.match(dot, /"app\.factory" \[[^\]]*class=focus\]/);
    assert.match(dot, /"app\.factory" -> "app\.legacy" \[[^\]]*class=violation\]/);
    assert.match(dot, /"app\.factory" -> "app\.bridge";/);
    assert.match(dot, /rankdir=LR;/);
    assert.match(toDot(picture, { rankdir: 'TB' }), /rankdir=TB;/, 'the html page draws it top to bottom, beside the list');
  });

  it('Graphviz as WebAssembly draws it: legacy red, canonical green, the violating edge marked, names escaped', async () => {
    const svg = await renderSvg(toDot(picture));
    assert.match(svg, /<svg /);
    const drawn = shapes(svg);
    assert.deepEqual(drawn.filter((s) => s.classes.startsWith('node')).map((s) => [s.title, s.classes]).sort(), [
      ['app.&lt;script&gt;alert(1)&lt;/script&gt;', 'node plain'],
      ['app.bridge', 'node canonical'],
      ['app.factory', 'node focus'],
      ['app.legacy', 'node legacy'],
    ]);
    assert.deepEqual(drawn.filter((s) => s.classes.includes('violation')).map((s) => s.title), ['app.factory&#45;&gt;app.legacy']);
    assert.match(svg, /<g id="[^"]*" class="node legacy">[\s\S]*?fill="#fee2e2"/);
    assert.match(svg, /<g id="[^"]*" class="node canonical">[\s\S]*?fill="#dcfce7"/);
    assert.match(svg, /<g id="[^"]*" class="edge violation">[\s\S]*?stroke="red"/);
    assert.doesNotMatch(svg, /<script/);
  });

  it('the html page inlines the svg bare, lists the violations of the pictured modules, and loads nothing', async () => {
    const svg = await renderSvg(toDot(picture));
    const html = graphHtml({
      picture, svg, focus: 'app.factory', direction: 'dependencies', depth: 1, moduleOf,
      violations: [violation('app/factory.py', 'ws'), violation('app/elsewhere.py', 'other')],
    });
    assert.deepEqual(externalReferences(html), []);
    assert.deepEqual(startTags(html).filter((t) => t.name === 'script').map((t) => t.attributes), [[]], 'one inline script');
    assert.doesNotMatch(html, /<\?xml|<!DOCTYPE svg|<!--|xmlns/);
    assert.equal(shapes(html).filter((s) => s.classes === 'node legacy').length, 1);
    const listed = [...html.matchAll(/<li class="violation error"[^>]*data-module="([^"]*)"/g)].map((m) => m[1]);
    assert.deepEqual(listed, ['app.factory'], 'the violation in a pictured module, pointing at its node');
    assert.match(html, /via <code>app\.compat\.Old → app\.legacy\.Manager<\/code>/);
    assert.match(html, /1 more in modules outside this graph/);
    assert.match(html, /<input id="search" type="search"/);
    assert.match(html, /<title>ssot-guard graph: app\.factory<\/title>/);
  });

  it('inlineSvg drops the prolog, the DOCTYPE, comments and namespace declarations', () => {
    const doc = '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "x" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<!-- Generated -->\n<svg width="1pt" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n<!-- a -->\n<g class="node"></g>\n</svg>\n';
    assert.equal(inlineSvg(doc), '<svg width="1pt" role="img" aria-label="import graph">\n<g class="node"></g>\n</svg>');
    assert.throws(() => inlineSvg('error: syntax'), /no <svg>/);
  });
});
