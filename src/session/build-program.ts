import type { BlobSha, Config, FactLookup, RepoPath } from '../model/index.js';
import { ImportGraph } from '../graph/import-graph.js';
import { buildModuleIndex } from '../resolve/module-index.js';
import { ResolutionMemo } from '../resolve/resolver.js';
import type { ProgramFacts } from '../rules/evaluate.js';
import type { RuleErrorView } from '../rules/rule-errors.js';
import { fileResolver, type FileResolver } from '../judgment/file-resolver.js';

export interface Program extends FileResolver, ProgramFacts, RuleErrorView {}

/**
 * Index, resolver and graph for one snapshot's files, every file resolved
 * (explain, graph, and tests that compare the judged path with it). Pure:
 * facts come in by sha, nothing is read from disk or git here.
 */
export function buildProgram(
  files: readonly RepoPath[],
  shaOf: (path: RepoPath) => BlobSha | undefined,
  facts: FactLookup,
  config: Config,
  /** Results to reuse, synced to this snapshot (tests hold one across snapshots to check what a sync kills). */
  memo: ResolutionMemo = new ResolutionMemo(),
): Program {
  const index = buildModuleIndex(files, config.pythonRoots);
  const resolving = fileResolver(files, index, shaOf, facts, memo, () => null);
  const graph = new ImportGraph();
  graph.sync(files, (f) => resolving.resolver.edgesOf(f));
  return { ...resolving, graph };
}
