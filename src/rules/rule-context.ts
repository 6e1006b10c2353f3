import type { ModuleName, RepoPath, Rule, UnitName } from '../model/index.js';
import type { GraphView } from '../graph/import-graph.js';
import type { ModuleIndex } from '../resolve/module-index.js';
import type { SideUse } from './unit-uses.js';
import type { RuleTargets } from './rule-targets.js';

/** Why a file is judged by a rule: it matched the globs, or imports a listed module (at what depth). */
export type ScopeReason = { kind: 'glob'; glob: string } | { kind: 'dependent'; of: readonly ModuleName[]; depth: number };

/** Everything a rule kind may read. Read-only: rules cannot change the graph or the facts. */
export interface RuleContext {
  readonly rule: Rule;
  /** The rule's declared symbols, resolved in the snapshot being judged. */
  readonly targets: RuleTargets;
  readonly includeTypeOnly: boolean;
  readonly files: ReadonlyMap<RepoPath, ScopeReason>;
  readonly graph: GraphView;
  readonly index: ModuleIndex;
  /** A file's own uses of the rule's symbols, by unit (unit-uses.ts). */
  direct(path: RepoPath): ReadonlyMap<UnitName, readonly SideUse[]>;
}
