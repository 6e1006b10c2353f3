import { deserialize, serialize } from 'node:v8';
import type { BlobSha, Config, Diagnostic, RepoPath, Suppression, UnitName } from '../model/index.js';
import type { ModuleEdge } from '../resolve/resolver.js';
import type { Reads } from '../resolve/read-log.js';
import type { Evaluation } from '../rules/evaluate.js';
import type { SideUse } from '../rules/unit-uses.js';
import type { DirectUnits, FileJudgment, JudgmentLookup } from './file-judgment.js';
import type { FlaggedFiles } from './judged-program.js';
import type { ReverseEdges } from '../graph/reverse-search.js';
import type { Holding, SnapshotChange } from './snapshot-change.js';

/** One snapshot's judgments and evaluation, as written to disk and read back. */
export interface StoredJudgments {
  readonly files: readonly RepoPath[];
  readonly judgments: JudgmentLookup;
  shaOf(path: RepoPath): BlobSha | undefined;
  isUnjudged(path: RepoPath): boolean;
  flagged(): FlaggedFiles;
  readonly evaluation: Evaluation | null;
  /** The stored snapshot's graph, reversed: what scopes and chains search. */
  reverseEdges(): ReverseEdges;
  /**
   * Which judgments still hold after `change`, answered over the stored
   * numbers: a judgment's reads are made into strings only if something
   * asks for them (the next save), not to answer this.
   */
  holdsAfter(change: SnapshotChange): Holding;
}

/**
 * Columns of numbers into one string table, not an object per judgment:
 * v8 writes a string once per occurrence, and a path appears in thousands of
 * edges and reads. Rules are named by their index in the config, which the
 * file's version key pins.
 */
interface Encoded {
  readonly strings: string[];
  /** Per file: path, sha. */
  readonly files: Int32Array;
  /** Per file, where its edges and reads start in `edges` / `reads` (one more entry than files). */
  readonly edgeStart: Int32Array;
  /** Six per edge: unit, target, module, typeOnly, line, column. */
  readonly edges: Int32Array;
  readonly readStart: Int32Array;
  /** Per file: count and ids of files, of name pairs (two ids each), of modules, of tops. */
  readonly reads: Int32Array;
  /** Per file, `words` words: bit r set when judged under rule r, bit rules.length when its problems were computed. */
  readonly flags: Int32Array;
  readonly words: number;
  /** The few files with direct uses, suppressions, problems or no facts: [file, what]. */
  readonly rare: Array<[number, Rare]>;
  readonly evaluation: Evaluation | null;
  /** String ids in the order of their strings: a string a change names is found by binary search, not by reading all of them. */
  readonly sorted: Int32Array;
}

interface Rare {
  readonly direct?: Array<[number, Array<[UnitName, readonly SideUse[]]>]>;
  readonly suppressions?: readonly Suppression[];
  readonly problems?: readonly Diagnostic[];
  readonly unjudged?: boolean;
}

/** The one bit after the rule bits: problems were computed. */
const EXTRA_BITS = 1;

export function encodeJudgments(config: Config, files: readonly RepoPath[], judgments: JudgmentLookup, evaluation: Evaluation | null): Buffer {
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const id = (s: string): number => {
    let n = ids.get(s);
    if (n === undefined) {
      n = strings.length;
      strings.push(s);
      ids.set(s, n);
    }
    return n;
  };
  const remaps = new Map<Encoded, Int32Array>();
  const ruleIndex = new Map(config.rules.map((r, i) => [r.id, i]));
  const words = Math.ceil((config.rules.length + EXTRA_BITS) / 32);
  const fileCols = new Int32Array(files.length * 2);
  const edgeStart = new Int32Array(files.length + 1);
  const readStart = new Int32Array(files.length + 1);
  const flags = new Int32Array(files.length * words);
  const edges: number[] = [];
  const reads: number[] = [];
  const rare: Array<[number, Rare]> = [];
  const setBit = (i: number, bit: number): void => void (flags[i * words + (bit >> 5)]! |= 1 << (bit & 31));
  files.forEach((path, i) => {
    const j = judgments.get(path)!;
    fileCols[2 * i] = id(path);
    fileCols[2 * i + 1] = id(j.sha);
    edgeStart[i] = edges.length;
    for (const e of j.edges) edges.push(id(e.unit), id(e.target), id(e.module), e.typeOnly ? 1 : 0, e.line, e.column);
    readStart[i] = reads.length;
    const stored = storedAt.get(j);
    if (stored) {
      // Read from disk and still holding: its numbers are copied over, each old string looked up once.
      let remap = remaps.get(stored.e);
      if (!remap) remaps.set(stored.e, (remap = new Int32Array(stored.e.strings.length).fill(-1)));
      const r = stored.e.reads;
      let k = stored.e.readStart[stored.i]!;
      for (let list = 0; list < 4; list++) {
        const n = r[k++]!;
        reads.push(n);
        for (let x = 0; x < n; x++, k++) {
          const old = r[k]!;
          let now = remap[old]!;
          if (now < 0) remap[old] = now = id(stored.e.strings[old]!);
          reads.push(now);
        }
      }
    } else {
      for (const list of [j.reads.files, j.reads.names, j.reads.modules, j.reads.tops]) {
        reads.push(list.length);
        for (const s of list) reads.push(id(s));
      }
    }
    const direct: Array<[number, Array<[UnitName, readonly SideUse[]]>]> = [];
    for (const [ruleId, units] of j.direct) {
      const r = ruleIndex.get(ruleId)!;
      setBit(i, r);
      if (units.size) direct.push([r, [...units]]);
    }
    if (j.problems !== null) setBit(i, config.rules.length);
    const r: Rare = {
      ...(direct.length ? { direct } : {}),
      ...(j.suppressions.length ? { suppressions: j.suppressions } : {}),
      ...(j.problems?.length ? { problems: j.problems } : {}),
      ...(j.unjudged ? { unjudged: true } : {}),
    };
    if (Object.keys(r).length) rare.push([i, r]);
  });
  edgeStart[files.length] = edges.length;
  readStart[files.length] = reads.length;
  const encoded: Encoded = {
    strings,
    files: fileCols,
    edgeStart,
    edges: Int32Array.from(edges),
    readStart,
    reads: Int32Array.from(reads),
    flags,
    words,
    rare,
    evaluation,
    sorted: Int32Array.from(strings, (_, i) => i).sort((a, b) => (strings[a]! < strings[b]! ? -1 : 1)),
  };
  return serialize(encoded);
}

const NONE: readonly never[] = Object.freeze([]);
const EMPTY_UNITS: DirectUnits = new Map();

/** The inverse of encodeJudgments, for the same config; null when the body is not one. Judgments are made into objects when first asked for. */
export function decodeJudgments(config: Config, body: Buffer): StoredJudgments | null {
  const e = deserialize(body) as Encoded;
  if (!e || !Array.isArray(e.strings) || !(e.files instanceof Int32Array) || !(e.reads instanceof Int32Array) || !(e.sorted instanceof Int32Array)) return null;
  const s = e.strings;
  const count = e.files.length / 2;
  const files = new Array<RepoPath>(count);
  for (let i = 0; i < count; i++) files[i] = s[e.files[2 * i]!] as RepoPath;
  const position = new Map(files.map((f, i) => [f, i]));
  const rareOf = new Map(e.rare);
  const unjudgedFiles = e.rare.flatMap(([i, r]) => (r.unjudged ? [files[i]!] : []));
  const unjudged = new Set(unjudgedFiles);
  const made = new Map<number, FileJudgment>();
  const judgmentAt = (i: number): FileJudgment => {
    let j = made.get(i);
    if (!j) made.set(i, (j = judgmentOf(config, e, i, rareOf.get(i))));
    return j;
  };
  let reverse: ReverseEdges | null = null;
  let readers: Readers | null = null;
  let asked = 0;
  let flagged: FlaggedFiles | null = null;
  return {
    files,
    judgments: {
      get: (path) => {
        const i = position.get(path);
        return i === undefined ? undefined : judgmentAt(i);
      },
    },
    shaOf: (path) => {
      const i = position.get(path);
      return i === undefined ? undefined : (s[e.files[2 * i + 1]!] as BlobSha);
    },
    isUnjudged: (path) => unjudged.has(path),
    flagged: () => (flagged ??= { problems: problemFilesIn(config, e, files), unjudged: unjudgedFiles }),
    evaluation: e.evaluation,
    // The reads are inverted once asked a second time: a daemon asks on every save, a one-shot check once (then one pass over them is cheaper).
    holdsAfter: (change) => holdsAfter(e, files, position, change, ++asked > 1 ? () => (readers ??= readersIn(e, count)) : null),
    reverseEdges: () => (reverse ??= reverseEdges(e, files)),
  };
}

/** From the columns: files with problems, or never asked for theirs (the problems bit unset), in file order. */
function problemFilesIn(config: Config, e: Encoded, files: readonly RepoPath[]): RepoPath[] {
  const problems = new Set<number>();
  const word = config.rules.length >> 5;
  const bit = 1 << (config.rules.length & 31);
  for (let i = 0; i < files.length; i++) if (!(e.flags[i * e.words + word]! & bit)) problems.add(i);
  for (const [i, r] of e.rare) if (r.problems?.length) problems.add(i);
  return [...problems].sort((a, b) => a - b).map((i) => files[i]!);
}

function judgmentOf(config: Config, e: Encoded, i: number, rare: Rare | undefined): FileJudgment {
  const s = e.strings;
  const edges: ModuleEdge[] = [];
  for (let k = e.edgeStart[i]!; k < e.edgeStart[i + 1]!; k += 6) {
    const c = e.edges;
    edges.push({ unit: s[c[k]!]!, target: s[c[k + 1]!] as RepoPath, module: s[c[k + 2]!] as ModuleEdge['module'], typeOnly: c[k + 3] === 1, line: c[k + 4]!, column: c[k + 5]! });
  }
  const bit = (b: number): boolean => (e.flags[i * e.words + (b >> 5)]! & (1 << (b & 31))) !== 0;
  const direct = new Map<string, DirectUnits>();
  const found = new Map((rare?.direct ?? []).map(([r, units]) => [r, new Map(units)]));
  config.rules.forEach((rule, r) => {
    if (bit(r)) direct.set(rule.id, found.get(r) ?? EMPTY_UNITS);
  });
  let reads: Reads | null = null;
  const judgment: FileJudgment = {
    sha: s[e.files[2 * i + 1]!] as BlobSha,
    edges,
    direct,
    suppressions: rare?.suppressions ?? NONE,
    problems: bit(config.rules.length) ? (rare?.problems ?? NONE) : null,
    unjudged: rare?.unjudged ?? false,
    get reads() {
      return (reads ??= readsAt(e, i));
    },
  };
  storedAt.set(judgment, { e, i });
  return judgment;
}

/**
 * Where a judgment read from disk came from: written again (the next HEAD's
 * judgments are mostly the last one's), its reads are copied as numbers
 * rather than made into strings and looked up one by one (0.3 s of a 0.6 s
 * write on 10,000 modules).
 */
const storedAt = new WeakMap<FileJudgment, { readonly e: Encoded; readonly i: number }>();

/**
 * The stored snapshot's reverse edges straight from the edge columns,
 * importers in file order as ImportGraph.sync learns them: no edge is made
 * into an object to answer a scope or a chain.
 */
function reverseEdges(e: Encoded, files: readonly RepoPath[]): ReverseEdges {
  const n = files.length;
  const fileOf = new Int32Array(e.strings.length).fill(-1);
  for (let i = 0; i < n; i++) fileOf[e.files[2 * i]!] = i;
  const c = e.edges;
  // Counting pass, then a fill pass (importers ascending, so one importer's entries for a target are adjacent).
  const start = new Int32Array(n + 1);
  for (let k = 0; k < c.length; k += 6) {
    const t = fileOf[c[k + 1]!]!;
    if (t >= 0) start[t + 1]!++;
  }
  for (let t = 0; t < n; t++) start[t + 1]! += start[t]!;
  const fill = start.slice(0, n);
  const importer = new Int32Array(start[n]!);
  const all = new Int32Array(start[n]!);
  const value = new Int32Array(start[n]!);
  const end = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let k = e.edgeStart[i]!; k < e.edgeStart[i + 1]!; k += 6) {
      const t = fileOf[c[k + 1]!]!;
      if (t < 0) continue;
      let at = fill[t]! - 1;
      if (fill[t]! === start[t]! || importer[at] !== i) at = fill[t]!++;
      importer[at] = i;
      all[at]!++;
      if (c[k + 3] !== 1) value[at]!++;
      end[t] = fill[t]!;
    }
  }
  const position = new Map(files.map((f, i) => [f, i]));
  return function* (target) {
    const t = position.get(target);
    if (t === undefined) return;
    for (let at = start[t]!; at < end[t]!; at++) yield [files[importer[at]!]!, { all: all[at]!, value: value[at]! }];
  };
}

function readsAt(e: Encoded, i: number): Reads {
  const s = e.strings;
  let k = e.readStart[i]!;
  const list = (): string[] => {
    const n = e.reads[k++]!;
    const out = new Array<string>(n);
    for (let x = 0; x < n; x++) out[x] = s[e.reads[k++]!]!;
    return out;
  };
  return { files: list() as RepoPath[], names: list(), modules: list(), tops: list() };
}

const FILE = 1;
const NAMES_OF = 2;
const MODULE = 4;
const TOP = 8;
const NAME = 16;

/** The id of a string of the table, or -1. */
function idOf(e: Encoded, str: string): number {
  let lo = 0;
  let hi = e.sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const id = e.sorted[mid]!;
    const at = e.strings[id]!;
    if (at === str) return id;
    if (at < str) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Per string id, the files whose reads name it (in any list): the reads inverted. */
interface Readers {
  readonly start: Int32Array;
  readonly files: Int32Array;
}

function readersIn(e: Encoded, count: number): Readers {
  const r = e.reads;
  const start = new Int32Array(e.strings.length + 1);
  const each = (visit: (file: number, id: number) => void): void => {
    for (let i = 0; i < count; i++) {
      let k = e.readStart[i]!;
      for (let list = 0; list < 4; list++) for (let n = r[k++]!; n > 0; n--) visit(i, r[k++]!);
    }
  };
  each((_, id) => void start[id + 1]!++);
  for (let id = 0; id < e.strings.length; id++) start[id + 1]! += start[id]!;
  const fill = start.slice(0, e.strings.length);
  const files = new Int32Array(start[e.strings.length]!);
  each((file, id) => void (files[fill[id]!++] = file));
  return { start, files };
}

/**
 * stillHolds (snapshot-change.ts) over string ids: the strings a change
 * names are looked up once, then each file's reads are numbers compared.
 * Only files that read one of those strings are suspects.
 */
function holdsAfter(e: Encoded, files: readonly RepoPath[], position: ReadonlyMap<RepoPath, number>, change: SnapshotChange, readersOf: (() => Readers) | null): Holding {
  const flags = new Uint8Array(e.strings.length);
  const flagged: number[] = [];
  const want = (str: string, flag: number): number => {
    const id = idOf(e, str);
    if (id >= 0) {
      if (!flags[id]) flagged.push(id);
      flags[id]! |= flag;
    }
    return id;
  };
  for (const f of change.files) want(f, FILE);
  // Per changed file (by id): null when any name of it counts as changed.
  const anyName = new Set<number>();
  for (const [path, names] of change.names) {
    const id = want(path, NAMES_OF);
    if (names === null) anyName.add(id);
    for (const n of names ?? []) want(n, NAME);
  }
  for (const m of change.modules) want(m, MODULE);
  for (const t of change.tops) want(t, TOP);
  const r = e.reads;
  const holds = (path: RepoPath): boolean => {
    const i = position.get(path);
    if (i === undefined) return false;
    let k = e.readStart[i]!;
    for (let n = r[k++]!; n > 0; n--) if (flags[r[k++]!]! & FILE) return false;
    for (let n = r[k++]! / 2; n > 0; n--, k += 2) {
      const file = r[k]!;
      if (!(flags[file]! & NAMES_OF)) continue;
      if (anyName.has(file)) return false;
      if (flags[r[k + 1]!]! & NAME && change.names.get(e.strings[file] as RepoPath)?.has(e.strings[r[k + 1]!]!)) return false;
    }
    for (let n = r[k++]!; n > 0; n--) if (flags[r[k++]!]! & MODULE) return false;
    for (let n = r[k++]!; n > 0; n--) if (flags[r[k++]!]! & TOP) return false;
    return true;
  };
  if (!flagged.length) return { holds, suspects: [] };
  // A name alone makes no suspect: it matters only paired with a changed file, whose readers are suspects already.
  const suspect = (id: number): boolean => (flags[id]! & ~NAME) !== 0;
  const suspects = new Set<number>();
  if (readersOf) {
    const readers = readersOf();
    for (const id of flagged) if (suspect(id)) for (let at = readers.start[id]!; at < readers.start[id + 1]!; at++) suspects.add(readers.files[at]!);
  } else {
    // Counts sit among the ids: one that reads as a suspect id only makes a file a suspect too many, which is then asked.
    const readsSuspect = (i: number): boolean => {
      for (let k = e.readStart[i]!; k < e.readStart[i + 1]!; k++) if (suspect(r[k]!)) return true;
      return false;
    };
    for (let i = 0; i < files.length; i++) if (readsSuspect(i)) suspects.add(i);
  }
  return { holds, suspects: [...suspects].map((i) => files[i]!) };
}
