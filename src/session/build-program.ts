import type { BlobSha, Config, FactLookup, RepoPath } from '../model/index.js';
import { ImportGraph } from '../graph/import-graph.js';
import { buildModuleIndex } from '../resolve/module-index.js';
import { ResolutionMemo } from '../resolve/resolver.js';
import type { ProgramFacts } from '../rules/evaluate.js';
import type { RuleErrorView } from '../rules/rule-errors.js';
import { fileResolver, type FileResolver } from '../judgment/file-resolver.js';

export interface Program extends FileResolver, ProgramFacts, RuleErrorView {}

/**
 * Index, resolver and graph for one snapshot's files. Pure: facts come in by
 * sha, nothing is read from disk or git here (the memo only saves work).
 */
export function buildProgram(
  listed: readonly RepoPath[],
  shaOf: (path: RepoPath) => BlobSha | undefined,
  facts: FactLookup,
  config: Config,
  /** Shared by the programs of one session, so unchanged files are not resolved again. */
  memo: ResolutionMemo = new ResolutionMemo(),
  /** The previous program of the same kind of snapshot: its index and graph are updated, not rebuilt. */
  previous?: Program,
): Program {
  const sameIndex = previous !== undefined && sameFiles(previous.files, listed);
  // The same list object as before when the files are the same: what is derived from it alone is remembered by it.
  const files = sameIndex ? previous.files : listed;
  const index = sameIndex ? previous.index : buildModuleIndex(files, config.pythonRoots);
  const resolving = fileResolver(files, index, shaOf, facts, memo);
  const { resolver } = resolving;
  // A previous program is superseded by this one: its graph is taken over. A
  // file's edges depend on its own bytes and the module index only, so with the
  // same files only those whose bytes changed are asked again.
  const graph = previous?.graph instanceof ImportGraph ? previous.graph : new ImportGraph();
  const changed = sameIndex ? changedFiles(files, previous.shaOf, shaOf) : null;
  if (changed) for (const f of changed) graph.setEdges(f, resolver.edgesOf(f));
  else graph.sync(files, (f) => resolver.edgesOf(f));
  return { ...resolving, graph };
}

/**
 * Outside buildProgram on purpose: a closure there that names `previous`
 * puts it in the scope every returned closure (factsOf, usesOf) keeps alive,
 * so each program would hold the one before it, and a daemon every program
 * it ever built.
 */
function changedFiles(files: readonly RepoPath[], before: (p: RepoPath) => BlobSha | undefined, after: (p: RepoPath) => BlobSha | undefined): RepoPath[] {
  return files.filter((f) => before(f) !== after(f));
}

function sameFiles(a: readonly RepoPath[], b: readonly RepoPath[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
