import type { BlobSha, FactLookup, FileFacts, RepoPath, Rule } from '../model/index.js';
import { factKeyOfPath } from '../facts/fact-key.js';
import type { ModuleIndex } from '../resolve/module-index.js';
import { Resolver, type ResolutionMemo, type Use } from '../resolve/resolver.js';
import { directUnitsOf } from '../rules/unit-uses.js';
import type { ProgramFacts } from '../rules/evaluate.js';
import { revivedTargets, ruleTargets, type RuleTargets, type StoredRuleTargets } from '../rules/rule-targets.js';

/** One snapshot's files with what each says on its own, resolved on demand: everything of a program but the graph. */
export interface FileResolver extends Omit<ProgramFacts, 'graph'> {
  /** Every name a module binds at module level (for suggestions only). */
  namesIn(module: string): readonly string[];
  readonly resolver: Resolver;
  shaOf(path: RepoPath): BlobSha | undefined;
  factsOf(path: RepoPath): FileFacts | undefined;
  usesOf(path: RepoPath): readonly Use[];
}

/** The files of a snapshot, resolved on demand through `memo`. Pure: facts come in by sha (session/build-program.ts makes a whole program of it). */
export function fileResolver(
  files: readonly RepoPath[],
  index: ModuleIndex,
  shaOf: (path: RepoPath) => BlobSha | undefined,
  facts: FactLookup,
  memo: ResolutionMemo,
  /** A rule's targets from an earlier snapshot whose reads hold in this one (judged-snapshot.ts); null: resolve them here. */
  heldTargets: (rule: Rule) => StoredRuleTargets | null,
): FileResolver {
  const factsOf = (p: RepoPath): FileFacts | undefined => {
    const sha = shaOf(p);
    return sha ? facts.get(factKeyOfPath(p, sha)) : undefined;
  };
  const resolver = new Resolver({ files, index, factsOf, shaOf }, memo);
  // Resolved once per snapshot: every file's uses are classified against the same objects.
  const targets = new Map<Rule, RuleTargets>();
  const targetsOf = (rule: Rule): RuleTargets => {
    let known = targets.get(rule);
    if (!known) {
      const held = heldTargets(rule);
      targets.set(rule, (known = held ? revivedTargets(rule, held) : ruleTargets(rule, resolver)));
    }
    return known;
  };
  return {
    files,
    index,
    resolver,
    factsOf,
    shaOf,
    // The resolver remembers uses across programs; nothing to add here.
    usesOf: (p) => resolver.usesOf(p),
    targetsOf,
    namesIn: (module) => resolver.namesIn(module),
    directUnits: (rule, includeTypeOnly, p) =>
      directUnitsOf(targetsOf(rule), includeTypeOnly, resolver.usesOf(p), () => factsOf(p), index.moduleOf(p)),
    suppressionsOf: (p) => factsOf(p)?.suppressions ?? [],
  };
}
