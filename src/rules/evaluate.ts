import type { Config, Diagnostic, RepoPath, Rule, Suppression, UnitName, Violation } from '../model/index.js';
import type { GraphView } from '../graph/import-graph.js';
import type { ModuleIndex } from '../resolve/module-index.js';
import type { SideUse } from './unit-uses.js';
import { ruleKindFor } from './registry.js';
import { filesInScope } from './scope.js';
import { returnedSymbols } from './returned-symbols.js';
import type { RuleContext } from './rule-context.js';
import type { RuleTargets } from './rule-targets.js';

/**
 * What evaluation reads of one snapshot's program: per file, what the file
 * says on its own (its direct uses of a rule's symbols, its suppressions);
 * across files, the graph. A program computes the per-file part from facts,
 * or takes it from an earlier check where nothing it read has changed.
 */
export interface ProgramFacts {
  readonly files: readonly RepoPath[];
  readonly index: ModuleIndex;
  readonly graph: GraphView;
  directUnits(rule: Rule, includeTypeOnly: boolean, path: RepoPath): ReadonlyMap<UnitName, readonly SideUse[]>;
  /** A rule's declared symbols resolved in this snapshot (the same for every file). */
  targetsOf(rule: Rule): RuleTargets;
  suppressionsOf(path: RepoPath): readonly Suppression[];
}

export interface Evaluation {
  readonly violations: Violation[];
  readonly diagnostics: Diagnostic[];
}

/**
 * Every rule over one program; suppressions applied here, once, for every
 * rule kind. With `only`, just those files are judged (the graph and scopes
 * are still the whole program's): what a file gets depends on the graph and
 * on nothing else of other files.
 */
export function evaluateRules(config: Config, program: ProgramFacts, only?: ReadonlySet<RepoPath>): Evaluation {
  const violations: Violation[] = [];
  const diagnostics: Diagnostic[] = [];
  const used = new Set<Suppression>();
  for (const rule of config.rules) {
    const ctx = ruleContext(config, rule, program, filesInScope(rule, program.files, program.graph, program.index, only));
    const judged = applySuppressions(violationsOf(ctx, program, only), (f) => program.suppressionsOf(f));
    violations.push(...judged.violations);
    diagnostics.push(...judged.diagnostics);
    for (const s of judged.used) used.add(s);
  }
  diagnostics.push(...unusedSuppressions(config, program, used, only));
  return { violations: violations.sort(byPlace), diagnostics: diagnostics.sort(byPlace) };
}

/** What one rule finds in the files of its context (before suppressions). */
export function violationsOf(ctx: RuleContext, program: ProgramFacts, only?: ReadonlySet<RepoPath>): Violation[] {
  return [...ruleKindFor(ctx.rule).check(ctx), ...returnedSymbols(ctx.targets, program.files, program.index, only)];
}

/**
 * `# ssot-guard: allow <rule> -- <reason>` applied, the one way for every
 * rule kind and for `explain`: a suppression without a reason does not
 * suppress, and says so.
 */
export function applySuppressions(found: readonly Violation[], suppressionsOf: (file: RepoPath) => readonly Suppression[]): { violations: Violation[]; diagnostics: Diagnostic[]; used: Suppression[] } {
  const violations: Violation[] = [];
  const diagnostics: Diagnostic[] = [];
  const used: Suppression[] = [];
  for (const v of found) {
    const s = suppressionFor(v, suppressionsOf(v.file));
    if (s) used.push(s);
    if (!s) violations.push(v);
    else if (!s.reason) {
      violations.push(v);
      diagnostics.push({
        file: v.file, line: s.line, column: s.column, code: 'suppression',
        message: `suppression of ${v.rule} has no reason: write "# ssot-guard: allow ${v.rule} -- <why>"; it is not honoured without one`,
      });
    }
  }
  return { violations, diagnostics, used };
}

/** File, then line, then rule or code: one order however an evaluation was put together (judgment/judged-snapshot.ts merges two). */
export function byPlace(a: Violation | Diagnostic, b: Violation | Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  const x = 'rule' in a ? a.rule : a.code;
  const y = 'rule' in b ? b.rule : b.code;
  return a.line - b.line || x.localeCompare(y) || a.column - b.column;
}

/** What a rule kind reads of a program, for the files in `files`. */
export function ruleContext(config: Config, rule: Rule, program: ProgramFacts, files: RuleContext['files']): RuleContext {
  const includeTypeOnly = config.typeOnlyImports === 'include';
  return {
    rule,
    targets: program.targetsOf(rule),
    includeTypeOnly,
    files,
    graph: program.graph,
    index: program.index,
    direct: (p) => program.directUnits(rule, includeTypeOnly, p),
  };
}

/**
 * `# ssot-guard: allow <rule>` on a legacy evidence line, or on the line above
 * it; for a violation with no legacy evidence (forbid "alias" of a canonical
 * object), on any of its evidence lines.
 */
function suppressionFor(v: Violation, suppressions: readonly Suppression[]): Suppression | undefined {
  if (!suppressions.length) return undefined;
  const legacy = v.evidence.filter((e) => e.side === 'legacy');
  const lines = new Set((legacy.length ? legacy : v.evidence).flatMap((e) => [e.line, e.line - 1]));
  return suppressions.find((s) => s.rule === v.rule && lines.has(s.line));
}

/** Exceptions that no longer suppress anything must not pile up: each is reported (and fails `check --all`). */
function unusedSuppressions(config: Config, program: ProgramFacts, used: ReadonlySet<Suppression>, only: ReadonlySet<RepoPath> | undefined): Diagnostic[] {
  const ids = new Set(config.rules.map((r) => r.id));
  const out: Diagnostic[] = [];
  for (const file of only ?? program.files) {
    for (const s of program.suppressionsOf(file)) {
      if (used.has(s)) continue;
      const message = ids.has(s.rule)
        ? `unused suppression: "${s.rule}" has no violation on this line or the next; remove the comment`
        : `suppression names unknown rule "${s.rule}" (rules: ${[...ids].join(', ') || 'none'})`;
      out.push({ file, line: s.line, column: s.column, code: 'unused-suppression', message });
    }
  }
  return out;
}
