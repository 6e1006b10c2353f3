import { asModuleName, type RepoPath } from '../model/index.js';
import { neighbourhood, type Role } from '../graph/neighbourhood.js';
import { renderGraph, toDot, type GraphFormat } from '../report/graph-formats.js';
import { evaluateRules } from '../rules/evaluate.js';
import { objectModules } from '../rules/rule-targets.js';
import { EXIT, UsageError } from './exit-codes.js';
import { openRepoSession } from './open-repo-session.js';
import { parseCommandArgs } from './command-args.js';
import { COMMAND_USAGE } from './usage.js';

/** svg and html are drawn in-process by Graphviz compiled to WebAssembly, loaded for them alone. */
const FORMATS: ReadonlyArray<GraphFormat | 'svg' | 'html'> = ['text', 'dot', 'mermaid', 'svg', 'html'];

const GRAPH = {
  name: 'graph',
  usage: COMMAND_USAGE.graph,
  options: {
    focus: { type: 'string' }, dependents: { type: 'boolean' }, dependencies: { type: 'boolean' },
    depth: { type: 'string' }, format: { type: 'string' }, config: { type: 'string' },
  },
  positionals: false,
} as const;

/** `ssot-guard graph --focus <module> [--dependents|--dependencies] [--depth N] [--format text|dot|mermaid|svg|html]` */
export async function runGraph(argv: string[]): Promise<number> {
  const parsed = parseCommandArgs(GRAPH, argv);
  if (!parsed) return EXIT.ok;
  const { values } = parsed;
  if (!values.focus) throw new UsageError('graph needs --focus <module>');
  if (values.dependents && values.dependencies) throw new UsageError('choose --dependents or --dependencies');
  const format = (values.format ?? 'text') as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new UsageError(`unknown --format "${values.format}" (${FORMATS.join(', ')})`);
  // "all", as the config's dependentsDepth spells it: every importer or dependency, however far.
  const depth = values.depth === undefined ? 1 : values.depth === 'all' ? Infinity : Number(values.depth);
  if (depth !== Infinity && (!Number.isInteger(depth) || depth < 1)) throw new UsageError('--depth takes a whole number >= 1, or "all"');

  const { config, session, close } = await openRepoSession(values.config);
  try {
    const { program } = await session.program('all');
    const focus = program.index.pathOf(asModuleName(values.focus));
    if (!focus) throw new UsageError(`no module "${values.focus}" in the index`);
    const roles = new Map<RepoPath, Role>();
    // The modules the declared objects live in, as the snapshot resolves them (identity, not spelling).
    for (const rule of config.rules) {
      for (const t of program.targetsOf(rule).targets) {
        for (const m of objectModules(t)) {
          const p = program.index.pathOf(asModuleName(m));
          if (p) roles.set(p, t.side);
        }
      }
    }
    const { violations } = evaluateRules(config, program);
    const direction = values.dependents ? 'dependents' : 'dependencies';
    const picture = neighbourhood(program.graph, program.index, {
      focus, direction, depth, violating: new Set(violations.map((v) => v.file)), roleOf: (p) => roles.get(p) ?? 'plain',
    });
    if (format === 'svg' || format === 'html') {
      const { renderSvg } = await import('../report/render-svg.js');
      const svg = await renderSvg(toDot(picture, { rankdir: format === 'html' ? 'TB' : 'LR' }));
      if (format === 'svg') process.stdout.write(svg);
      else {
        const { graphHtml } = await import('../report/graph-html.js');
        process.stdout.write(graphHtml({ picture, svg, focus: values.focus, direction, depth, violations, moduleOf: (p) => program.index.moduleOf(p) ?? p }));
      }
    } else process.stdout.write(renderGraph(picture, format));
    return EXIT.ok;
  } finally {
    close();
  }
}
