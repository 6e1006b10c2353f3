import { escapeHtml } from './html-escape.js';

/**
 * One self-contained page: inline CSS and script, nothing fetched, so the
 * file a CI job attaches opens anywhere. Repo-derived text reaches the page
 * only through `escapeHtml`; the script reads it back from the DOM (never
 * from data inlined into the script).
 */
export function htmlPage(p: { readonly title: string; readonly header: string; readonly main: string; readonly mainClass: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(p.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(p.title)}</h1>
${p.header}
<label class="search">filter <input id="search" type="search" placeholder="module, file, rule, symbol" autocomplete="off" spellcheck="false"></label>
<span id="search-count" aria-live="polite"></span>
</header>
<main class="${p.mainClass}">
${p.main}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

const CSS = `
:root { --legacy: #b91c1c; --legacy-bg: #fee2e2; --canonical: #15803d; --canonical-bg: #dcfce7; --focus: #1d4ed8; --focus-bg: #dbeafe; --warn: #b45309; --line: #e5e7eb; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2937; background: #f9fafb; }
header { position: sticky; top: 0; z-index: 1; display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; padding: 10px 20px; background: #fff; border-bottom: 1px solid var(--line); }
h1 { margin: 0; font-size: 18px; }
h2 { margin: 0 0 8px; font-size: 15px; }
.verdict { font-weight: 600; }
.verdict.bad { color: var(--legacy); }
.verdict.good { color: var(--canonical); }
.search { display: flex; align-items: center; gap: 6px; color: #6b7280; }
#search { width: 320px; max-width: 60vw; padding: 5px 9px; font: inherit; border: 1px solid #d1d5db; border-radius: 6px; }
#search-count { color: #6b7280; }
main { padding: 16px 20px; }
main.graph { display: grid; grid-template-columns: minmax(0, 3fr) minmax(300px, 2fr); gap: 16px; align-items: start; }
.panel { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin-bottom: 16px; overflow: auto; }
.picture { text-align: center; }
.picture h2, .picture .legend { text-align: left; }
.picture svg { max-width: 100%; height: auto; }
.legend { margin: 0 0 8px; color: #4b5563; }
.legend span { display: inline-block; padding: 0 8px; margin-right: 6px; border-radius: 4px; border: 1px solid; }
.legend .legacy { background: var(--legacy-bg); border-color: var(--legacy); }
.legend .canonical { background: var(--canonical-bg); border-color: var(--canonical); }
.legend .focus { background: var(--focus-bg); border-color: var(--focus); }
.legend .violation { border-color: var(--legacy); color: var(--legacy); font-weight: 600; }
g.node { cursor: pointer; }
g.node.dim, g.edge.dim { opacity: 0.25; }
g.node.match polygon, g.node.selected polygon { stroke: #f59e0b; stroke-width: 4px; }
g.edge.violation path, g.edge.violation polygon { stroke: var(--legacy); }
ol.findings { list-style: none; margin: 0; padding: 0; }
ol.findings > li { overflow-wrap: anywhere; margin: 0 0 10px; padding: 8px 12px; background: #fff; border: 1px solid var(--line); border-left: 4px solid var(--legacy); border-radius: 4px; }
ol.findings > li.warning { border-left-color: var(--warn); }
ol.findings > li.selected { outline: 2px solid #f59e0b; }
li.violation { cursor: pointer; }
.where { font-weight: 600; overflow-wrap: anywhere; }
.severity.error { color: var(--legacy); }
.severity.warning { color: var(--warn); }
.unit, .status, .note { color: #6b7280; font-weight: normal; }
.message { margin: 4px 0; }
ul.evidence { margin: 4px 0; padding-left: 18px; }
.side-legacy { color: var(--legacy); font-weight: 600; }
.side-canonical { color: var(--canonical); font-weight: 600; }
.via, .chain { color: #4b5563; }
.fix { margin: 4px 0 0; color: var(--canonical); }
pre { margin: 4px 0; padding: 4px 8px; overflow: auto; background: #f3f4f6; border-radius: 4px; font-size: 12px; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere; }
dl.counts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
dl.counts dt { color: #6b7280; }
dl.counts dd { margin: 0; }
.empty { color: #6b7280; }
[hidden] { display: none !important; }
`;

/**
 * The search box: list items carry their searchable text in data-search;
 * graph nodes and edges are searched by their SVG <title>. A query in the
 * URL (`#q=app.legacy`) is applied on load, so a filtered view is a link.
 */
const SCRIPT = `
(function () {
  var input = document.getElementById('search');
  var count = document.getElementById('search-count');
  var items = Array.prototype.slice.call(document.querySelectorAll('[data-search]'));
  var shapes = Array.prototype.slice.call(document.querySelectorAll('svg g.node, svg g.edge'));
  function titleOf(g) { var t = g.querySelector('title'); return t ? t.textContent : ''; }
  function apply() {
    var q = input.value.trim().toLowerCase();
    var shown = 0;
    items.forEach(function (el) {
      var hit = !q || el.getAttribute('data-search').toLowerCase().indexOf(q) >= 0;
      el.hidden = !hit;
      if (hit) shown++;
    });
    shapes.forEach(function (g) {
      var hit = !!q && titleOf(g).toLowerCase().indexOf(q) >= 0;
      g.classList.toggle('match', hit && g.classList.contains('node'));
      g.classList.toggle('dim', !!q && !hit);
    });
    count.textContent = q ? shown + ' of ' + items.length + ' shown' : items.length + ' listed';
  }
  function select(module) {
    shapes.forEach(function (g) { g.classList.toggle('selected', g.classList.contains('node') && titleOf(g) === module); });
    items.forEach(function (el) { el.classList.toggle('selected', el.getAttribute('data-module') === module); });
  }
  input.addEventListener('input', function () {
    apply();
    try { history.replaceState(null, '', '#q=' + encodeURIComponent(input.value)); } catch (e) { /* a page opened from a sandbox */ }
  });
  shapes.forEach(function (g) {
    if (g.classList.contains('node')) g.addEventListener('click', function () { select(titleOf(g)); });
  });
  items.forEach(function (el) {
    var module = el.getAttribute('data-module');
    if (module) el.addEventListener('click', function () { select(module); });
  });
  var m = /^#q=(.*)$/.exec(location.hash);
  if (m) input.value = decodeURIComponent(m[1]);
  apply();
})();
`;
