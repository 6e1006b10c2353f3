import { isUnjudged, type BlobSha, type Config, type Diagnostic, type RepoPath, type Rule, type Suppression, type UnitName } from '../model/index.js';
import type { ModuleEdge } from '../resolve/resolver.js';
import { mergeReads, type Reads } from '../resolve/read-log.js';
import type { SideUse } from '../rules/unit-uses.js';
import type { FileResolver } from './file-resolver.js';

/** A file's direct uses of one rule's symbols, by unit. */
export type DirectUnits = ReadonlyMap<UnitName, readonly SideUse[]>;

/**
 * Everything a verdict takes from one file on its own, with what computing it
 * read (its bytes, names of other modules, module lookups): the judgment
 * holds in any snapshot where none of that differs, so a check reuses it
 * from an earlier check instead of resolving the file again.
 */
export interface FileJudgment {
  readonly sha: BlobSha;
  /** Graph edges: the graph of a snapshot is the union of its files' edges. */
  readonly edges: readonly ModuleEdge[];
  /** By rule id, for the rules the file was judged under (computed when a rule first needs it). */
  readonly direct: ReadonlyMap<string, DirectUnits>;
  readonly suppressions: readonly Suppression[];
  /** Parse warnings and unresolved imports; null until some report needed them. */
  readonly problems: readonly Diagnostic[] | null;
  /** The file could not be read at all (too large, unreadable): it blocks every check. */
  readonly unjudged: boolean;
  readonly reads: Reads;
  /** The same reads as a judgments file holds them, when the judgment was read from one; null when judged here. */
  readonly numbered: NumberedReads | null;
}

/**
 * A judgment's reads in a judgments file's numbers: ids into that file's
 * string table, from `start`, as four counted lists (files, name pairs,
 * modules, tops). A judgment read back and written again has its reads copied
 * as numbers, not made into strings and looked up one by one (0.3 s of a 0.6 s
 * write on 10,000 modules).
 */
export interface NumberedReads {
  readonly table: { at(id: number): string | undefined; readonly length: number };
  readonly ids: Int32Array;
  readonly start: number;
}

/** Judgments by file; a Map, or judgments read from disk and made into objects as they are asked for. */
export interface JudgmentLookup {
  get(path: RepoPath): FileJudgment | undefined;
}

/** What a judgment must cover: direct uses under these rules, and problems or not. */
export interface JudgmentNeeds {
  readonly rules: readonly Rule[];
  readonly problems: boolean;
}

/** Judges one file of a program (whose resolver records what it reads). */
export function judgeFile(config: Config, program: FileResolver, path: RepoPath, needs: JudgmentNeeds): FileJudgment {
  const includeTypeOnly = config.typeOnlyImports === 'include';
  const facts = program.factsOf(path);
  const edges = program.resolver.edgesOf(path);
  const direct = new Map(needs.rules.map((rule) => [rule.id, program.directUnits(rule, includeTypeOnly, path)] as const));
  const problems = needs.problems ? problemsOf(program, path) : null;
  // A file's uses are classified against the rules' declared symbols as this snapshot resolves them; what those
  // resolve to is the snapshot's (targets-digest.ts, compared once per check), not each file's reads.
  const reads = mergeReads([{ files: [path], names: [], modules: [], tops: [] }, ...program.resolver.readsOf(path)]);
  return {
    sha: program.shaOf(path)!,
    edges,
    direct,
    suppressions: facts?.suppressions ?? [],
    problems,
    unjudged: facts?.warnings.some(isUnjudged) ?? false,
    reads,
    numbered: null,
  };
}

/** A file's parse warnings and unresolved imports, as reported. */
export function problemsOf(program: FileResolver, path: RepoPath): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const w of program.factsOf(path)?.warnings ?? []) out.push({ file: path, line: w.line, column: w.column, code: w.code, message: w.message });
  for (const u of program.resolver.unresolvedOf(path)) out.push({ file: path, line: u.line, column: u.column, code: 'unresolved-import', message: u.message });
  return out;
}

/** The needs a judgment already meets, joined with more: a file judged again keeps what it had. */
export function widenedNeeds(config: Config, judgment: FileJudgment | undefined, more: Partial<JudgmentNeeds>): JudgmentNeeds {
  const ids = new Set(judgment ? judgment.direct.keys() : []);
  for (const r of more.rules ?? []) ids.add(r.id);
  return { rules: config.rules.filter((r) => ids.has(r.id)), problems: (judgment?.problems ?? null) !== null || (more.problems ?? false) };
}
