import picomatch from 'picomatch';
import type { Config, RepoPath, Rule, RuleError } from '../model/index.js';
import { isModuleKey, type ModuleIndex } from '../resolve/module-index.js';
import type { DeclaredSymbol } from '../resolve/declared-symbol.js';
import { didYouMean, editDistance, nearestNames } from '../text/nearest-names.js';
import { pointerToken } from '../text/json-pointer.js';
import type { RuleTargets, Target } from './rule-targets.js';
import { globReach, scopeReachesAny } from './scope.js';
import type { ProgramFacts } from './evaluate.js';

/** What checking the rules against a snapshot reads of it: the program, and the names a module binds (for suggestions only). */
export interface RuleErrorView extends ProgramFacts {
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
    const { targets, patterns, methods, unmatchedDefinitions } = view.targetsOf(rule);
    const fieldOf = fieldNamer(rule);
    for (const p of patterns) {
      if (p.found || p.removed) continue;
      const list = p.side === 'canonical' ? 'canonical' : 'legacy';
      error(`${list}/${rule[list].indexOf(p.pattern as never)}`, `glob "${p.pattern}" matches no module or module-level name in the snapshot; if it guards names that must never appear, move it to ${at}/removed`);
    }
    methods.forEach((m, k) => {
      if (m.exists) return;
      const j = k < rule.methodCalls.legacy.length ? k : k - rule.methodCalls.legacy.length;
      error(`methodCalls/${m.side}/${j}`, `"${m.symbol}" names no method in the snapshot: no class there has a def "${m.method}" (name a method as module.Class.method, or a function as module.function)`);
    });
    for (const glob of unmatchedDefinitions) {
      error(`definitions/${rule.definitions.indexOf(glob)}`, `glob "${glob}" matches no class statement in or under the modules the classes are allowed in (${rule.canonical.join(', ')}): a typo, or the classes moved`);
    }
    for (const t of targets) {
      if (rule.removed.includes(t.symbol)) continue;
      const removable = rule.forbid === 'spelling'
        ? (t.side === 'legacy' ? '; a forbidden spelling that names nothing cannot be imported: remove it from spellings' : '')
        : t.side === 'legacy' ? `; if it was deleted on purpose, move it to ${at}/removed so that its return is refused` : '';
      if (t.declared.kind === 'missing') error(fieldOf(t), `${notFound(t.declared, view)}${removable}`);
      else if (t.declared.kind === 'external') {
        const mistaken = misspeltExternal(t.symbol, config, view);
        if (mistaken) error(fieldOf(t), `${mistaken}${removable}`);
      }
    }
    // A deprecated spelling of the canonical object is the very case forbid "spelling" is for.
    for (const c of rule.forbid === 'spelling' ? [] : targets) {
      if (c.side !== 'canonical' || !isFound(c.declared)) continue;
      const same = targets.find((l) => l.side === 'legacy' && isFound(l.declared) && l.declared.origin === c.declared.origin);
      if (same) {
        error(fieldOf(c), `canonical "${c.symbol}" and legacy "${same.symbol}" (${at}/${fieldOf(same)}) are one object, ${c.declared.origin}: a unit cannot mix an object with itself; declare two different objects`);
      }
    }
    const before = out.length;
    rule.scope.dependentsOf.forEach((m, k) => {
      const file = view.index.pathOf(m);
      if (file === null) error(`scope/dependentsOf/${k}`, `"${m}" is a namespace package (no __init__.py): nothing imports it as a file; name one of its modules`);
      if (file !== undefined) return;
      error(`scope/dependentsOf/${k}`, `no module "${m}" in the snapshot${didYouMean(nearestNames(m, moduleNames(view.index, m)))}`);
    });
    globReach(rule, view.files).forEach(({ glob, witness, left }, k) => {
      if (witness) return;
      const why = left ? `: the ${left} it matches are excluded by scope.exclude or are not ${rule.language === 'script' ? 'TypeScript/JavaScript' : 'Python'}` : didYouMean(nearestGlobs(glob, view.files));
      error(`scope/files/${k}`, `glob "${glob}" matches no file the rule judges${why}`);
    });
    // Each field may match something and the whole still nothing (no importer yet, every importer excluded).
    if (out.length === before && !scopeReachesAny(rule, view.files, view.graph, view.index)) {
      error('scope', 'takes in no file: no file matches scope.files, and no file that is not excluded imports a scope.dependentsOf module');
    }
  });
  return out;
}

const isFound = (d: DeclaredSymbol): boolean => d.kind === 'module' || d.kind === 'name';

/** The JSON path, under the rule, of a target's field: legacy, removed and canonical each count their own. */
function fieldNamer(rule: Rule): (t: Target) => string {
  return (t) => {
    if (rule.forbid === 'spelling') {
      // Both sides come from `spellings`: a forbidden spelling is a key, the one to write a value.
      const key = t.side === 'legacy' ? t.symbol : Object.keys(rule.spellings).find((k) => rule.spellings[k] === t.symbol)!;
      return `spellings/${pointerToken(key)}`;
    }
    // A glob's find is reported at the glob.
    const written = (t.pattern ?? t.symbol) as typeof t.symbol;
    if (t.side === 'canonical') return `canonical/${rule.canonical.indexOf(written)}`;
    const j = rule.legacy.indexOf(written);
    return j >= 0 ? `legacy/${j}` : `removed/${rule.removed.indexOf(written)}`;
  };
}

/** What was looked for and not found, and what exists nearby. */
function notFound(d: Extract<DeclaredSymbol, { kind: 'missing' }>, view: RuleErrorView): string {
  const script = d.symbol.includes('#') || d.symbol.includes('/');
  if (d.lookedUp === null) {
    const module = script ? d.symbol.split('#')[0]! : d.symbol;
    return `"${d.symbol}" names nothing in the snapshot: no module "${module}"${didYouMean(nearestNames(module, moduleNames(view.index, module)))}`;
  }
  const { module, name } = d.lookedUp;
  const sep = script ? '#' : '.';
  const tail = d.symbol.slice(module.length + 1 + name.length);
  // Names the module binds, and (Python) its submodules: `app.core.managr.X` meant `app.core.manager.X`.
  const names = new Set(view.namesIn(module));
  if (!script) for (const m of submodulesOf(view.index, module)) names.add(m);
  const near = nearestNames(name, names).map((n) => `${module}${sep}${n}${tail}`);
  const what = script ? `module ${module} exports no "${name}"` : `${module} has no module or name "${name}"`;
  return `"${d.symbol}" names nothing in the snapshot: ${what}${didYouMean(near)}`;
}

/**
 * A Python symbol outside the repository is taken as spelled (a third-party
 * package: the snapshot does not hold it), unless its first part is plainly
 * the repository's: a directory of it (the symbol is spelled from the root,
 * not from a python root), or one letter away from an in-repo package.
 */
function misspeltExternal(symbol: string, config: Config, view: RuleErrorView): string | null {
  if (symbol.includes('#') || symbol.includes('/')) return null;
  const top = symbol.split('.')[0]!;
  const prefix = `${config.base ? `${config.base}/` : ''}${top}/`;
  if (view.files.some((f) => f.startsWith(prefix))) {
    const rest = symbol.slice(top.length + 1);
    return `"${symbol}" names nothing in the snapshot: ${top}/ is a directory of the repository, but no python root makes it a package (roots: ${config.pythonRoots.join(', ')}): spell the symbol from its root${didYouMean(rest ? [rest] : [])}`;
  }
  const near = [...view.index.topLevels].filter((t) => t.length >= 3 && editDistance(t, top, 1) <= 1);
  if (!near.length) return null;
  return `"${symbol}" names nothing in the snapshot: no package "${top}" here${didYouMean(near.map((t) => `${t}${symbol.slice(top.length)}`))}; a third-party package one letter away from one of the repository's is taken for a typo`;
}

/** Module names of the language of `like` (a script module has a `/`). */
function moduleNames(index: ModuleIndex, like: string): string[] {
  const script = like.includes('/');
  return [...index.modules.keys()].filter((m) => isModuleKey(m) && m.includes('/') === script);
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
