import { asModuleName, asSymbolName, type RepoPath, type Rule, type Violation } from '../model/index.js';
import type { ModuleIndex } from '../resolve/module-index.js';
import { buildViolation } from './build-violation.js';
import { covers, type RuleTargets } from './rule-targets.js';
import { symbolMatcher } from '../resolve/symbol-pattern.js';

/**
 * `removed` symbols the snapshot has again: a module deleted on purpose that
 * is back, or a name its module binds again. Each is a violation in the file
 * of the module that has it (a namespace package's: its first file; a name a
 * star import passes on: the module that passes it), whatever the rule's
 * scope: the rule says the object must not exist.
 */
export function returnedSymbols(targets: RuleTargets, files: readonly RepoPath[], index: ModuleIndex, only?: ReadonlySet<RepoPath>): Violation[] {
  const { rule } = targets;
  const out: Violation[] = [];
  for (const t of targets.targets) {
    // A removed glob's finds are names that must never appear: each is back.
    if (!rule.removed.includes(t.symbol) && !(t.pattern !== null && rule.removed.includes(asSymbolName(t.pattern)))) continue;
    const { declared } = t;
    if (declared.kind !== 'module' && declared.kind !== 'name') continue;
    const home = declared.homes[0]!;
    const file = index.pathOf(asModuleName(home)) ?? files.find((p) => covers(home, index.moduleOf(p) ?? ''));
    if (!file || (only && !only.has(file))) continue;
    out.push(buildViolation(rule, file, '<file>', [{ side: 'legacy', use: 'definition', symbol: t.symbol, line: 1, column: 1, via: declared.via, origin: declared.origin, chain: [] }]));
  }
  return out;
}

/**
 * Files whose verdict a `removed` symbol may have changed without their own
 * judgment changing (a name brought back through a star re-export of another
 * file): the files it comes back in now, and those an earlier verdict named
 * for one. A verdict made from kept judgments judges these again.
 */
export function removedSymbolFiles(
  rules: readonly Rule[],
  targetsOf: (rule: Rule) => RuleTargets,
  files: readonly RepoPath[],
  index: ModuleIndex,
  earlier: readonly Violation[],
): Set<RepoPath> {
  const out = new Set<RepoPath>();
  const withRemoved = rules.filter((r) => r.removed.length);
  for (const rule of withRemoved) for (const v of returnedSymbols(targetsOf(rule), files, index)) out.add(v.file);
  const removed = new Map(withRemoved.map((r) => [r.id, r.removed.map((s) => symbolMatcher(s))]));
  for (const v of earlier) if (v.evidence.some((e) => removed.get(v.rule)?.some((m) => m(e.symbol)))) out.add(v.file);
  return out;
}
