import picomatch from 'picomatch';
import type { RepoPath, Rule } from '../model/index.js';
import type { GraphView } from '../graph/import-graph.js';
import type { ModuleIndex } from '../resolve/module-index.js';
import type { ScopeReason } from './rule-context.js';

const GLOB_OPTIONS = { dot: true } as const;

/** Compiled include/exclude globs for a file list; compiled once per config. */
export function globFilter(include: readonly string[], exclude: readonly string[]): (path: string) => boolean {
  const inc = picomatch([...include], GLOB_OPTIONS);
  const exc = exclude.length ? picomatch([...exclude], GLOB_OPTIONS) : () => false;
  return (path) => inc(path) && !exc(path);
}

/** The files a rule judges, each with the reason it is in scope. */
export function filesInScope(rule: Rule, files: readonly RepoPath[], graph: GraphView, index: ModuleIndex): Map<RepoPath, ScopeReason> {
  const out = new Map<RepoPath, ScopeReason>();
  const excluded = rule.scope.exclude.length ? picomatch([...rule.scope.exclude], GLOB_OPTIONS) : () => false;
  const globs = rule.scope.files ?? (rule.scope.dependentsOf.length ? [] : ['**']);
  const matchers = globs.map((g) => ({ glob: g, match: picomatch(g, GLOB_OPTIONS) }));
  for (const path of files) {
    if (excluded(path)) continue;
    const hit = matchers.find((m) => m.match(path));
    if (hit) out.set(path, { kind: 'glob', glob: hit.glob });
  }
  if (rule.scope.dependentsOf.length) {
    const targets = rule.scope.dependentsOf.flatMap((m) => index.pathOf(m) ?? []);
    const included = new Set(files);
    for (const [path, depth] of graph.importersOf(targets, rule.scope.dependentsDepth)) {
      if (out.has(path) || !included.has(path) || excluded(path)) continue;
      out.set(path, { kind: 'dependent', of: rule.scope.dependentsOf, depth });
    }
  }
  return out;
}
