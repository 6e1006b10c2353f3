import { asModuleName, type RepoPath, type Violation } from '../model/index.js';
import type { ModuleIndex } from '../resolve/module-index.js';
import { buildViolation } from './build-violation.js';
import { covers, type RuleTargets } from './rule-targets.js';

/**
 * `removed` symbols the snapshot has again: a module deleted on purpose that
 * is back, or a name its module binds again. Each is a violation in the file
 * that brings it back (a namespace package's: its first file), whatever the
 * rule's scope: the rule says the object must not exist.
 */
export function returnedSymbols(targets: RuleTargets, files: readonly RepoPath[], index: ModuleIndex, only?: ReadonlySet<RepoPath>): Violation[] {
  const { rule } = targets;
  const out: Violation[] = [];
  for (const t of targets.targets) {
    if (!rule.removed.includes(t.symbol)) continue;
    const { declared } = t;
    if (declared.kind !== 'module' && declared.kind !== 'name') continue;
    const home = declared.homes[0]!;
    const file = index.pathOf(asModuleName(home)) ?? files.find((p) => covers(home, index.moduleOf(p) ?? ''));
    if (!file || (only && !only.has(file))) continue;
    out.push(buildViolation(rule, file, '<file>', [{ side: 'legacy', symbol: t.symbol, line: 1, column: 1, via: declared.via, origin: declared.origin, chain: [] }]));
  }
  return out;
}
