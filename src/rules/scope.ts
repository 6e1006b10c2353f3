import picomatch from 'picomatch';
import { fileKindOf, isManifest, languageOf, type RepoPath, type Rule } from '../model/index.js';
import type { GraphView } from '../graph/import-graph.js';
import type { ModuleIndex } from '../resolve/module-index.js';
import type { ScopeReason } from './rule-context.js';

/** `s`: `*` and `**` match a newline too; git allows one in a file name, and such a file must not fall out of scope. */
export const GLOB_OPTIONS = { dot: true, flags: 's' } as const;

/** Compiled include/exclude globs for a file list; compiled once per config. */
export function globFilter(include: readonly string[], exclude: readonly string[]): (path: string) => boolean {
  const inc = picomatch([...include], GLOB_OPTIONS);
  const exc = exclude.length ? picomatch([...exclude], GLOB_OPTIONS) : () => false;
  return (path) => inc(path) && !exc(path);
}

/** The files a rule judges (of `only`, when given), each with the reason it is in scope. */
export function filesInScope(rule: Rule, files: readonly RepoPath[], graph: GraphView, index: ModuleIndex, only?: ReadonlySet<RepoPath>): ReadonlyMap<RepoPath, ScopeReason> {
  const byGlob = only ? globScopeOf(rule, only) : globScope(rule, files);
  if (!rule.scope.dependentsOf.length) return byGlob;
  const out = new Map(byGlob);
  const { excluded } = matchersOf(rule);
  const targets = rule.scope.dependentsOf.flatMap((m) => index.pathOf(m) ?? []);
  // The graph is the graph of `files`: every importer it names is one of them.
  for (const [path, depth] of graph.importersOf(targets, rule.scope.dependentsDepth)) {
    if (out.has(path) || excluded(path) || (only && !only.has(path))) continue;
    out.set(path, { kind: 'dependent', of: rule.scope.dependentsOf, depth });
  }
  return out;
}

interface RuleMatchers {
  readonly excluded: (path: string) => boolean;
  /** Each `scope.files` glob compiled, with the directory its matches are all under (the first files to look at), if it has one. */
  readonly globs: ReadonlyArray<{ readonly glob: string; readonly match: (path: string) => boolean; readonly under: string | null }>;
  /** The first of the rule's globs a path matches (and no exclude), or null. */
  readonly globOf: (path: string) => string | null;
}

/** Compiled once per rule. */
const matchersMemo = new WeakMap<Rule, RuleMatchers>();

function matchersOf(rule: Rule): RuleMatchers {
  const known = matchersMemo.get(rule);
  if (known) return known;
  const excluded = rule.scope.exclude.length ? picomatch([...rule.scope.exclude], GLOB_OPTIONS) : () => false;
  const globs = rule.scope.files ?? (rule.scope.dependentsOf.length ? [] : ['**']);
  const matchers = globs.map((g) => {
    const { base, isGlob } = picomatch.scan(g, { unescape: true });
    return { glob: g, match: picomatch(g, GLOB_OPTIONS), under: base ? (isGlob ? `${base}/` : base) : null };
  });
  // A rule judges source of its own language (a file of no known kind is read as Python), never a manifest.
  const otherLanguage = (path: string): boolean => {
    const kind = fileKindOf(path);
    return isManifest(kind) || (languageOf(kind) ?? 'python') !== rule.language;
  };
  // A daemon asks again for the same paths save after save (the importers a save reaches): each is matched once.
  const matched = new Map<string, string | null>();
  const made: RuleMatchers = {
    globs: rule.scope.files ? matchers : [],
    excluded: (path) => otherLanguage(path) || excluded(path),
    globOf: (path) => {
      let glob = matched.get(path);
      if (glob === undefined) matched.set(path, (glob = otherLanguage(path) || excluded(path) ? null : (matchers.find((m) => m.match(path))?.glob ?? null)));
      return glob;
    },
  };
  matchersMemo.set(rule, made);
  return made;
}

/** The files a rule's globs take in, remembered per file list (a session hands back the same list while files are only edited). */
const globScopes = new WeakMap<readonly RepoPath[], Map<Rule, ReadonlyMap<RepoPath, ScopeReason>>>();

function globScope(rule: Rule, files: readonly RepoPath[]): ReadonlyMap<RepoPath, ScopeReason> {
  let byRule = globScopes.get(files);
  if (!byRule) globScopes.set(files, (byRule = new Map()));
  const known = byRule.get(rule);
  if (known) return known;
  const out = globScopeOf(rule, files);
  byRule.set(rule, out);
  return out;
}

function globScopeOf(rule: Rule, files: Iterable<RepoPath>): Map<RepoPath, ScopeReason> {
  const { globOf } = matchersOf(rule);
  const out = new Map<RepoPath, ScopeReason>();
  for (const path of files) {
    const glob = globOf(path);
    if (glob !== null) out.set(path, { kind: 'glob', glob });
  }
  return out;
}

/** What one `scope.files` glob takes in: a file the rule judges, or none, and how many it matched that the rule leaves out. */
export interface GlobReach {
  readonly glob: string;
  readonly witness: RepoPath | null;
  /** Files it matched of another language or excluded by `scope.exclude` (counted only when there is no witness). */
  readonly left: number;
}

const globReaches = new WeakMap<readonly RepoPath[], Map<Rule, readonly GlobReach[]>>();

/** For each of the rule's `scope.files` globs, whether it takes in any file of `files` (the first found suffices). */
export function globReach(rule: Rule, files: readonly RepoPath[]): readonly GlobReach[] {
  let byRule = globReaches.get(files);
  if (!byRule) globReaches.set(files, (byRule = new Map()));
  const known = byRule.get(rule);
  if (known) return known;
  const { excluded, globs } = matchersOf(rule);
  const out = globs.map(({ glob, match, under }): GlobReach => {
    // A check runs this on every commit: the files under the glob's directory come first (the list is in
    // git's order), so a glob with one is answered without matching thousands of others.
    if (under) {
      for (let i = firstAtOrAfter(files, under); i < files.length && files[i]!.startsWith(under); i++) {
        if (match(files[i]!) && !excluded(files[i]!)) return { glob, witness: files[i]!, left: 0 };
      }
    }
    // None there (or no directory to start from): every file, counting those the rule leaves out.
    let left = 0;
    for (const path of files) {
      if (!match(path)) continue;
      if (!excluded(path)) return { glob, witness: path, left: 0 };
      left++;
    }
    return { glob, witness: null, left };
  });
  byRule.set(rule, out);
  return out;
}

/**
 * Whether the rule judges any file at all: a glob's witness, any file of its
 * language when it names no files, or an importer of `dependentsOf` that is
 * not excluded. Stops at the first: the usual answer costs one match.
 */
export function scopeReachesAny(rule: Rule, files: readonly RepoPath[], graph: GraphView, index: ModuleIndex): boolean {
  if (globReach(rule, files).some((g) => g.witness)) return true;
  const { excluded } = matchersOf(rule);
  if (rule.scope.files === null && !rule.scope.dependentsOf.length) return files.some((p) => !excluded(p));
  const targets = rule.scope.dependentsOf.flatMap((m) => index.pathOf(m) ?? []);
  for (const path of graph.importersOf(targets, rule.scope.dependentsDepth).keys()) if (!excluded(path)) return true;
  return false;
}

/** The first index whose path is not before `prefix`, by binary search (a list not in that order only costs the full scan after it). */
function firstAtOrAfter(files: readonly RepoPath[], prefix: string): number {
  let lo = 0;
  let hi = files.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (files[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
