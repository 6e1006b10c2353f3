import { openRepoSession } from '../src/cli/open-repo-session.js';

/**
 * Beyond the planted files: every import edge ssot-guard resolved against
 * every one dependency-cruiser resolved on the same repo. Two resolvers that
 * agree edge for edge on 5,000 modules make the verdict comparison mean
 * something; each edge only one of them has is a finding for one of them.
 */

export interface EdgeComparison {
  readonly ssotGuard: number;
  readonly depcruise: number;
  readonly common: number;
  /** `from -> to`, a few of each, for the report. */
  readonly onlySsotGuard: readonly string[];
  readonly onlyDepcruise: readonly string[];
  readonly unresolved: readonly string[];
}

interface DepcruiseModule {
  readonly source: string;
  readonly dependencies: ReadonlyArray<{ readonly resolved: string; readonly couldNotResolve: boolean; readonly coreModule?: boolean; readonly dependencyTypes: readonly string[] }>;
}

/** `depcruiseJson`: the stdout of `depcruise --output-type json` on `root`. */
export async function compareEdges(root: string, depcruiseJson: string): Promise<EdgeComparison> {
  const theirs = new Set<string>();
  for (const m of (JSON.parse(depcruiseJson) as { modules: DepcruiseModule[] }).modules) {
    for (const d of m.dependencies) {
      // Only edges between files of the repo: npm packages and node builtins are outside both graphs.
      if (!d.couldNotResolve && !d.coreModule && !d.dependencyTypes.includes('npm') && !d.resolved.includes('node_modules')) theirs.add(`${m.source} -> ${d.resolved}`);
    }
  }
  const cwd = process.cwd();
  process.chdir(root);
  const ours = new Set<string>();
  const unresolved: string[] = [];
  try {
    const { session, close } = await openRepoSession();
    try {
      const { program } = await session.program('all');
      for (const f of program.files) {
        for (const e of program.graph.edgesOf(f)) ours.add(`${f} -> ${e.target}`);
        for (const u of program.resolver.unresolvedOf(f)) unresolved.push(`${f}:${u.line} ${u.message}`);
      }
    } finally {
      close();
    }
  } finally {
    process.chdir(cwd);
  }
  const onlySsotGuard = [...ours].filter((e) => !theirs.has(e));
  const onlyDepcruise = [...theirs].filter((e) => !ours.has(e));
  return { ssotGuard: ours.size, depcruise: theirs.size, common: ours.size - onlySsotGuard.length, onlySsotGuard, onlyDepcruise, unresolved };
}
