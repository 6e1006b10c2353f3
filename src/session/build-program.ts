import type { BlobSha, Config, FileFacts, RepoPath } from '../model/index.js';
import { ImportGraph } from '../graph/import-graph.js';
import { buildModuleIndex } from '../resolve/module-index.js';
import { Resolver, type Use } from '../resolve/resolver.js';
import type { ProgramFacts } from '../rules/evaluate.js';

export interface Program extends ProgramFacts {
  readonly resolver: Resolver;
}

/**
 * Index, resolver and graph for one snapshot's files. Pure: facts come in by
 * sha, nothing is read from disk or git here.
 */
export function buildProgram(
  files: readonly RepoPath[],
  shaOf: (path: RepoPath) => BlobSha | undefined,
  facts: ReadonlyMap<BlobSha, FileFacts>,
  config: Config,
): Program {
  const index = buildModuleIndex(files, config.pythonRoots);
  const factsOf = (p: RepoPath): FileFacts | undefined => {
    const sha = shaOf(p);
    return sha ? facts.get(sha) : undefined;
  };
  const resolver = new Resolver({ index, factsOf });
  const graph = new ImportGraph();
  for (const f of files) graph.setEdges(f, resolver.edgesOf(f));
  const usesMemo = new Map<RepoPath, readonly Use[]>();
  return {
    files,
    index,
    graph,
    resolver,
    factsOf,
    usesOf: (p) => {
      let u = usesMemo.get(p);
      if (!u) usesMemo.set(p, (u = resolver.usesOf(p)));
      return u;
    },
  };
}
