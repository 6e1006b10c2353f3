import type { GraphPicture, Role } from '../graph/neighbourhood.js';

/** Text formats; `svg` and `html` are drawn from the dot text (render-svg.ts, graph-html.ts). */
export type GraphFormat = 'text' | 'dot' | 'mermaid';

const DOT_STYLE: Record<Role, string> = {
  focus: 'shape=box, style="filled,bold", fillcolor="#dbeafe"',
  canonical: 'shape=box, style=filled, fillcolor="#dcfce7"',
  legacy: 'shape=box, style=filled, fillcolor="#fee2e2"',
  plain: 'shape=box',
};

/**
 * Graphviz: canonical green, legacy red, violating edges red and bold. Left to
 * right by default; top to bottom for the html page, where the graph shares
 * the width with the violations beside it.
 */
export function toDot(g: GraphPicture, o: { readonly rankdir?: 'LR' | 'TB' } = {}): string {
  const id = (s: string): string => JSON.stringify(s);
  const lines = ['digraph ssot_guard {', `  rankdir=${o.rankdir ?? 'LR'};`, '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  // class: Graphviz's SVG output adds it to the node's and edge's <g>, which the html page styles and searches.
  for (const n of g.nodes) lines.push(`  ${id(n.id)} [${DOT_STYLE[n.role]}${n.role === 'plain' || n.role === 'focus' ? '' : `, xlabel=${id(n.role)}`}, class=${n.role}];`);
  for (const e of g.edges) lines.push(`  ${id(e.from)} -> ${id(e.to)}${e.violating ? ' [color=red, penwidth=2.5, label="violation", class=violation]' : ''};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Mermaid flowchart; node ids are sanitised, labels keep the dotted names. */
export function toMermaid(g: GraphPicture): string {
  const ids = new Map(g.nodes.map((n, i) => [n.id as string, `n${i}`]));
  const lines = ['flowchart LR'];
  for (const n of g.nodes) lines.push(`  ${ids.get(n.id)}["${n.id.replace(/"/g, '#quot;')}"]`);
  g.edges.forEach((e) => lines.push(`  ${ids.get(e.from)} ${e.violating ? '==>|violation|' : '-->'} ${ids.get(e.to)}`));
  lines.push('  classDef canonical fill:#dcfce7,stroke:#15803d;', '  classDef legacy fill:#fee2e2,stroke:#b91c1c;', '  classDef focus fill:#dbeafe,stroke:#1d4ed8,stroke-width:2px;');
  for (const role of ['canonical', 'legacy', 'focus'] as const) {
    const members = g.nodes.filter((n) => n.role === role).map((n) => ids.get(n.id));
    if (members.length) lines.push(`  class ${members.join(',')} ${role};`);
  }
  const violating = g.edges.flatMap((e, i) => (e.violating ? [i] : []));
  if (violating.length) lines.push(`  linkStyle ${violating.join(',')} stroke:#b91c1c,stroke-width:3px;`);
  return `${lines.join('\n')}\n`;
}

export function toText(g: GraphPicture): string {
  const tag = (r: Role): string => (r === 'plain' ? '' : ` [${r}]`);
  const lines = g.nodes.map((n) => `${'  '.repeat(n.depth)}${n.id}${tag(n.role)}`);
  const bad = g.edges.filter((e) => e.violating);
  if (bad.length) lines.push('', 'violating edges:', ...bad.map((e) => `  ${e.from} -> ${e.to}`));
  return `${lines.join('\n')}\n`;
}

export function renderGraph(g: GraphPicture, format: GraphFormat): string {
  return format === 'dot' ? toDot(g) : format === 'mermaid' ? toMermaid(g) : toText(g);
}
