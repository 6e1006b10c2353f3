import picomatch from 'picomatch';
import type { Config, RepoPath, Rule, RuleError } from '../model/index.js';
import type { ModuleIndex } from '../resolve/module-index.js';
import type { DeclaredSymbol } from '../resolve/declared-symbol.js';
import { didYouMean, nearestNames } from '../text/nearest-names.js';
import type { RuleTargets, Target } from './rule-targets.js';
import { globReach } from './scope.js';

/** What checking the rules against a snapshot reads of it. */
export interface RuleErrorView {
  readonly files: readonly RepoPath[];
  readonly index: ModuleIndex;
  targetsOf(rule: Rule): RuleTargets;
  /** Every name a module binds at module level (for suggestions only). */
  namesIn(module: string): readonly string[];
}

/**
 * A rule that cannot match must not look like a clean repository (DESIGN.md,
 * "fail loudly"): every declared symbol (but `removed` ones), every
 * `dependentsOf` module and every `scope.files` glob must match something in
 * the snapshot, and no canonical symbol may be a legacy one under another
 * name. Each error names the rule, the field's JSON path, what was not
 * found and the nearest names that exist.
 */
export function ruleErrorsOf(config: Config, view: RuleErrorView): RuleError[] {
  const out: RuleError[] = [];
  config.rules.forEach((rule, i) => {
    const at = `/rules/${i}`;
    const error = (path: string, message: string): void => void out.push({ config: config.file, rule: rule.id, path: `${at}/${path}`, message: `rule ${rule.id}: ${message}` });
    const { targets } = view.targetsOf(rule);
    const fieldOf = fieldNamer(rule);
    for (const t of targets) {
      if (t.declared.kind !== 'missing' || rule.removed.includes(t.symbol)) continue;
      const removable = t.side === 'legacy' ? `; if it was deleted on purpose, move it to ${at}/removed so that its return is refused` : '';
      error(fieldOf(t), `${notFound(t.declared, view)}${removable}`);
    }
    for (const c of targets) {
      if (c.side !== 'canonical' || !isFound(c.declared)) continue;
      const same = targets.find((l) => l.side === 'legacy' && isFound(l.declared) && l.declared.origin === c.declared.origin);
      if (same) {
        error(fieldOf(c), `canonical "${c.symbol}" and legacy "${same.symbol}" (${at}/${fieldOf(same)}) are one object, ${c.declared.origin}: a unit cannot mix an object with itself; declare two different objects`);
      }
    }
    rule.scope.dependentsOf.forEach((m, k) => {
      if (view.index.isModule(m)) return;
      error(`scope/dependentsOf/${k}`, `no module "${m}" in the snapshot${didYouMean(nearestNames(m, moduleNames(view.index, m)))}`);
    });
    globReach(rule, view.files).forEach(({ glob, witness, left }, k) => {
      if (witness) return;
      const why = left ? `: the ${left} it matches are excluded by scope.exclude or are not ${rule.language === 'script' ? 'TypeScript/JavaScript' : 'Python'}` : didYouMean(nearestGlobs(glob, view.files));
      error(`scope/files/${k}`, `glob "${glob}" matches no file the rule judges${why}`);
    });
  });
  return out;
}

const isFound = (d: DeclaredSymbol): boolean => d.kind === 'module' || d.kind === 'name';

/** The JSON path, under the rule, of a target's field: legacy, removed and canonical each count their own. */
function fieldNamer(rule: Rule): (t: Target) => string {
  return (t) => {
    if (t.side === 'canonical') return `canonical/${rule.canonical.indexOf(t.symbol)}`;
    const j = rule.legacy.indexOf(t.symbol);
    return j >= 0 ? `legacy/${j}` : `removed/${rule.removed.indexOf(t.symbol)}`;
  };
}

/** What was looked for and not found, and what exists nearby. */
function notFound(d: Extract<DeclaredSymbol, { kind: 'missing' }>, view: RuleErrorView): string {
  const script = d.symbol.includes('#') || d.symbol.includes('/');
  if (d.module === null) {
    const module = script ? d.symbol.split('#')[0]! : d.symbol;
    return `"${d.symbol}" names nothing in the snapshot: no module "${module}"${didYouMean(nearestNames(module, moduleNames(view.index, module)))}`;
  }
  const sep = script ? '#' : '.';
  const tail = d.symbol.slice(d.module.length + 1 + d.name!.length);
  // Names the module binds, and (Python) its submodules: `app.core.managr.X` meant `app.core.manager.X`.
  const names = new Set(view.namesIn(d.module));
  if (!script) for (const m of submodulesOf(view.index, d.module)) names.add(m);
  const near = nearestNames(d.name!, names).map((n) => `${d.module}${sep}${n}${tail}`);
  const what = script ? `module ${d.module} exports no "${d.name}"` : `${d.module} has no module or name "${d.name}"`;
  return `"${d.symbol}" names nothing in the snapshot: ${what}${didYouMean(near)}`;
}

/** Module names of the language of `like` (a script module has a `/`). */
function moduleNames(index: ModuleIndex, like: string): string[] {
  const script = like.includes('/');
  return [...index.modules.keys()].filter((m) => !m.startsWith(' ') && m.includes('/') === script);
}

function submodulesOf(index: ModuleIndex, module: string): string[] {
  const prefix = `${module}.`;
  return [...index.modules.keys()].filter((m) => m.startsWith(prefix) && !m.slice(prefix.length).includes('.')).map((m) => m.slice(prefix.length));
}

/** For a glob under a directory that does not exist: the same glob under the nearest directories that do. */
function nearestGlobs(glob: string, files: readonly RepoPath[]): string[] {
  const { base } = picomatch.scan(glob);
  if (!base) return [];
  const dirs = new Set<string>();
  for (const f of files) {
    for (let i = f.indexOf('/'); i >= 0; i = f.indexOf('/', i + 1)) dirs.add(f.slice(0, i));
  }
  if (dirs.has(base)) return [];
  return nearestNames(base, dirs).map((d) => `${d}${glob.slice(base.length)}`);
}
