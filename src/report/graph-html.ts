import type { RepoPath, Violation } from '../model/index.js';
import type { GraphPicture } from '../graph/neighbourhood.js';
import { violationList } from './html-findings.js';
import { escapeHtml as h } from './html-escape.js';
import { htmlPage } from './html-page.js';

export interface GraphPage {
  readonly picture: GraphPicture;
  /** The picture as Graphviz drew it (renderSvg of toDot). */
  readonly svg: string;
  readonly focus: string;
  readonly direction: 'dependents' | 'dependencies';
  readonly depth: number;
  /** Every violation of the snapshot; those in the picture's modules are listed. */
  readonly violations: readonly Violation[];
  readonly moduleOf: (file: RepoPath) => string | undefined;
}

/** The focused graph with the violations of its modules beside it, and the search box. Pure. */
export function graphHtml(p: GraphPage): string {
  const inPicture = new Set<string>(p.picture.nodes.map((n) => n.id));
  const shown = p.violations.filter((v) => inPicture.has(p.moduleOf(v.file) ?? ''));
  const elsewhere = p.violations.length - shown.length;
  const what = `${p.direction === 'dependents' ? 'importers' : 'imports'} of ${p.focus}, depth ${p.depth === Infinity ? 'all' : p.depth}`;
  const main = [
    '<section class="panel picture">',
    `<h2>${h(what)}</h2>`,
    '<p class="legend"><span class="focus">focus</span><span class="canonical">canonical</span><span class="legacy">legacy</span><span class="violation">→ violating import</span></p>',
    inlineSvg(p.svg),
    '</section>',
    '<aside class="panel">',
    `<h2>Violations in these modules (${shown.length})</h2>`,
    violationList(shown, { moduleOf: p.moduleOf }),
    elsewhere ? `<p class="note">${elsewhere} more in modules outside this graph: <code>ssot-guard check --all --format html</code></p>` : '',
    '</aside>',
  ].join('\n');
  const verdict = shown.length ? `<span class="verdict bad">✖ ${shown.length} violation${shown.length === 1 ? '' : 's'} here</span>` : '<span class="verdict good">✔ no violations here</span>';
  return htmlPage({ title: `ssot-guard graph: ${p.focus}`, header: verdict, main, mainClass: 'graph' });
}

/**
 * Graphviz's SVG document as an element of the page: no XML prolog, DOCTYPE
 * (it names the SVG DTD's URL) or comments, and no namespace declarations,
 * which HTML's parser supplies for inline <svg>. Graphviz has already escaped
 * every name in it.
 */
export function inlineSvg(svg: string): string {
  const start = svg.indexOf('<svg');
  if (start < 0) throw new Error('Graphviz returned no <svg> element');
  return svg
    .slice(start)
    .replace(/<!--[\s\S]*?-->\n?/g, '')
    .replace(/^<svg([^>]*)>/, (_, attrs: string) => `<svg${attrs.replace(/\s+xmlns(:xlink)?="[^"]*"/g, '')} role="img" aria-label="import graph">`)
    .trim();
}
