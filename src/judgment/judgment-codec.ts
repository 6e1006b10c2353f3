import { deserialize, serialize } from 'node:v8';
import type { BlobSha, Config, Diagnostic, RepoPath, Suppression, UnitName } from '../model/index.js';
import type { FlaggedFiles, HeadOrigin } from './judgments.js';
import type { ModuleEdge } from '../resolve/resolver.js';
import type { Reads } from '../resolve/read-log.js';
import type { Evaluation } from '../rules/evaluate.js';
import type { SideUse } from '../rules/unit-uses.js';
import type { DirectUnits, FileJudgment, JudgmentLookup, NumberedReads } from './file-judgment.js';
import type { ReverseEdges } from '../graph/reverse-search.js';
import type { ModuleIndex } from '../resolve/module-index.js';
import { decodeModuleIndex, encodeModuleIndex, type EncodedModuleIndex } from './stored-module-index.js';
import { packColumns, unpackColumns } from './column-pack.js';
import { EDGE_FIELDS, hasShape, SIDE_USE_FIELDS, WRITTEN_SHAPE } from './written-shape.js';
import { positionsIn } from '../graph/file-order.js';
import type { Holding, SnapshotChange } from './snapshot-change.js';
import { readTargets, writtenTargets, type KeptTargets, type WrittenTargets } from './kept-targets.js';

/** One snapshot's judgments and evaluation, as written to disk and read back. */
export interface StoredJudgments {
  readonly files: readonly RepoPath[];
  readonly judgments: JudgmentLookup;
  shaOf(path: RepoPath): BlobSha | undefined;
  isUnjudged(path: RepoPath): boolean;
  flagged(): FlaggedFiles;
  readonly evaluation: Evaluation | null;
  /** The rules' targets in that snapshot (kept-targets.ts). */
  readonly targets: KeptTargets;
  /** The HEAD tree these are the judgments of; null when they are of another snapshot. */
  readonly head: HeadOrigin | null;
  /** The snapshot's module index as it was written; null when it was not. */
  index(): ModuleIndex | null;
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
  readonly strings: Strings;
  /** Per file: path, sha. */
  readonly files: Int32Array;
  /** Per file, where its edges and reads start in `edges` / `reads` (one more entry than files). */
  readonly edgeStart: Int32Array;
  /** Per edge, EDGE_FIELDS (written-shape.ts): unit, target, module, typeOnly, line, column. */
  readonly edges: Int32Array;
  readonly readStart: Int32Array;
  /** Per file: count and ids of files, of name pairs (two ids each), of modules, of tops. */
  readonly reads: Int32Array;
  /** Per file, `words` words: bit r set when judged under rule r, bit rules.length when its problems were computed. */
  readonly flags: Int32Array;
  readonly words: number;
  /** What the few files with direct uses, suppressions, problems or no facts have of these. */
  rareOf(file: number): Rare | undefined;
  /** Numbers of the files that could not be read, and of those with problems, ascending. */
  readonly unjudged: Int32Array;
  readonly problems: Int32Array;
  readonly evaluation: Evaluation | null;
  readonly targets: WrittenTargets;
  readonly head: HeadOrigin | null;
  readonly index: EncodedModuleIndex | null;
  readonly reverse: ReverseColumns;
  /** The reads inverted: which files read each string. A change's suspects are its strings' readers, found without a pass over every file's reads. */
  readonly readers: Readers;
  /** String ids in the order of their strings: a string a change names is found by binary search, not by reading all of them. */
  readonly sorted: Int32Array;
}

/** A string table: an array as written, or one read back whose strings are made when asked for. */
interface Strings {
  readonly length: number;
  at(id: number): string | undefined;
}

/**
 * What the file holds: the strings as one text and where each ends, the
 * rare entries each written apart. v8 reads one text as one copy, where
 * 86,000 strings cost a fresh process 9 ms and their garbage as much again;
 * a check then makes the few hundred strings and entries it reads. Its
 * typed arrays are read back as views on the file's bytes (column-pack.ts).
 */
type Written = Omit<Encoded, 'strings' | 'rareOf'> & {
  /** UTF-8: one non-Latin-1 name would make a JavaScript string of all of them twice the size. */
  readonly text: Uint8Array;
  /** The files' paths again, NUL-separated: every one is read, and one split makes them at once. */
  readonly paths: string;
  readonly ends: Int32Array;
  readonly rareFiles: Int32Array;
  readonly rareEnds: Int32Array;
  readonly rareBodies: Uint8Array;
};

interface Rare {
  readonly direct?: Array<[number, Array<[UnitName, readonly SideUse[]]>]>;
  readonly suppressions?: readonly Suppression[];
  readonly problems?: readonly Diagnostic[];
  readonly unjudged?: boolean;
}

/** The shape decoding checks names exactly the fields written: a field added to one and not the other does not compile. */
type ShapeFields = keyof typeof WRITTEN_SHAPE;
const SHAPE_NAMES_EVERY_FIELD: [keyof Written] extends [ShapeFields] ? ([ShapeFields] extends [keyof Written] ? true : never) : never = true;
void SHAPE_NAMES_EVERY_FIELD;
/** Likewise a kept direct use's fields: the format version changes with them. */
type SideUseFields = (typeof SIDE_USE_FIELDS)[number];
const SIDE_USE_NAMED: [keyof SideUse] extends [SideUseFields] ? ([SideUseFields] extends [keyof SideUse] ? true : never) : never = true;
void SIDE_USE_NAMED;

/** Values per edge in the `edges` column. */
const EDGE = EDGE_FIELDS.length;

/** The one bit after the rule bits: problems were computed. */
const EXTRA_BITS = 1;

/** What else a file of judgments may hold: the HEAD tree they are of, the snapshot's module index. */
export interface JudgmentsExtra {
  readonly head?: HeadOrigin | null;
  readonly index?: ModuleIndex;
}

export function encodeJudgments(config: Config, files: readonly RepoPath[], judgments: JudgmentLookup, evaluation: Evaluation | null, targets: KeptTargets, extra: JudgmentsExtra = {}): Buffer {
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
  const remaps = new Map<NumberedReads['table'], Int32Array>();
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
    const stored = j.numbered;
    if (stored) {
      // Read from disk and still holding: its numbers are copied over, each old string looked up once.
      let remap = remaps.get(stored.table);
      if (!remap) remaps.set(stored.table, (remap = new Int32Array(stored.table.length).fill(-1)));
      const r = stored.ids;
      let k = stored.start;
      for (let list = 0; list < 4; list++) {
        const n = r[k++]!;
        reads.push(n);
        for (let x = 0; x < n; x++, k++) {
          const old = r[k]!;
          let now = remap[old]!;
          if (now < 0) remap[old] = now = id(stored.table.at(old)!);
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
  // Before the sorted ids are made: every module name goes into the table.
  const index = extra.index ? encodeModuleIndex(extra.index, files, id) : null;
  // Ids of files with these, ascending (files are visited in order).
  const numbers = (has: (r: Rare) => boolean): Int32Array => Int32Array.from(rare.filter(([, r]) => has(r)), ([i]) => i);
  const bodies = rare.map(([, r]) => serialize(r));
  const columns: Omit<Written, 'reverse' | 'readers'> = {
    text: Buffer.from(strings.join(''), 'utf8'),
    paths: files.join('\0'),
    ends: Int32Array.from(strings, ((end) => (str: string) => (end += Buffer.byteLength(str, 'utf8')))(0)),
    rareFiles: Int32Array.from(rare, ([i]) => i),
    rareEnds: Int32Array.from(bodies, ((end) => (b: Buffer) => (end += b.length))(0)),
    rareBodies: Buffer.concat(bodies),
    unjudged: numbers((r) => r.unjudged === true),
    problems: numbers((r) => (r.problems?.length ?? 0) > 0),
    files: fileCols,
    edgeStart,
    edges: Int32Array.from(edges),
    readStart,
    reads: Int32Array.from(reads),
    flags,
    words,
    evaluation,
    targets: writtenTargets(targets),
    head: extra.head ?? null,
    index,
    sorted: Int32Array.from(strings, (_, i) => i).sort((a, b) => (strings[a]! < strings[b]! ? -1 : 1)),
  };
  const written: Written = {
    ...columns,
    reverse: reverseColumns({ ...columns, strings }, files.length),
    readers: readersIn(columns.reads, columns.readStart, strings.length, files.length),
  };
  return packColumns(written);
}

/** The written form as the codec reads it: a string or a rare entry is made the first time it is asked for. */
function readBack(w: Written): Encoded {
  const { ends, rareFiles, rareEnds, rareBodies, paths: _, ...columns } = w;
  const text = Buffer.from(w.text.buffer, w.text.byteOffset, w.text.byteLength);
  const made = new Array<string | undefined>(ends.length);
  const strings: Strings = {
    length: ends.length,
    at: (id) => {
      if (id < 0 || id >= ends.length) return undefined;
      return (made[id] ??= text.toString('utf8', id ? ends[id - 1]! : 0, ends[id]!));
    },
  };
  const rareOf = (file: number): Rare | undefined => {
    let lo = 0;
    let hi = rareFiles.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (rareFiles[mid] === file) return deserialize(rareBodies.subarray(mid ? rareEnds[mid - 1]! : 0, rareEnds[mid]!)) as Rare;
      if (rareFiles[mid]! < file) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  };
  return { ...columns, strings, rareOf };
}

const NONE: readonly never[] = Object.freeze([]);
const EMPTY_UNITS: DirectUnits = new Map();

/** The inverse of encodeJudgments, for the same config; null when the body is not one. Judgments are made into objects when first asked for. */
export function decodeJudgments(config: Config, body: Buffer): StoredJudgments | null {
  const w = unpackColumns(body) as Written | null;
  if (!w || !hasShape(w, WRITTEN_SHAPE)) return null;
  const e = readBack(w);
  const s = e.strings;
  const count = e.files.length / 2;
  const files = (count ? w.paths.split('\0') : []) as RepoPath[];
  if (files.length !== count) return null;
  // The same map as every other reader of this list asks for (graph/file-order.ts): made once.
  const position = positionsIn(files);
  const unjudgedFiles = Array.from(e.unjudged, (i) => files[i]!);
  const unjudged = new Set(unjudgedFiles);
  const made = new Map<number, FileJudgment>();
  const judgmentAt = (i: number): FileJudgment => {
    let j = made.get(i);
    if (!j) made.set(i, (j = judgmentOf(config, e, i, e.rareOf(i))));
    return j;
  };
  let reverse: ReverseEdges | null = null;
  let flagged: FlaggedFiles | null = null;
  let index: ModuleIndex | null = null;
  const table = { size: s.length, at: (id: number) => s.at(id)!, idOf: (str: string) => idOf(e, str), fileOf: (path: RepoPath) => position.get(path) };
  return {
    files,
    index: () => (e.index ? (index ??= decodeModuleIndex(e.index, table)) : null),
    judgments: {
      get: (path) => {
        const i = position.get(path);
        return i === undefined ? undefined : judgmentAt(i);
      },
    },
    shaOf: (path) => {
      const i = position.get(path);
      return i === undefined ? undefined : (s.at(e.files[2 * i + 1]!) as BlobSha);
    },
    isUnjudged: (path) => unjudged.has(path),
    flagged: () => (flagged ??= { problems: problemFilesIn(config, e, files), unjudged: unjudgedFiles }),
    evaluation: e.evaluation,
    targets: readTargets(e.targets),
    head: e.head ?? null,
    holdsAfter: (change) => holdsAfter(e, files, position, change),
    reverseEdges: () => (reverse ??= reverseEdges(e.reverse, files, position)),
  };
}

/** From the columns: files with problems, or never asked for theirs (the problems bit unset), in file order. */
function problemFilesIn(config: Config, e: Encoded, files: readonly RepoPath[]): RepoPath[] {
  const problems = new Set<number>();
  const word = config.rules.length >> 5;
  const bit = 1 << (config.rules.length & 31);
  for (let i = 0; i < files.length; i++) if (!(e.flags[i * e.words + word]! & bit)) problems.add(i);
  for (const i of e.problems) problems.add(i);
  return [...problems].sort((a, b) => a - b).map((i) => files[i]!);
}

function judgmentOf(config: Config, e: Encoded, i: number, rare: Rare | undefined): FileJudgment {
  const s = e.strings;
  const edges: ModuleEdge[] = [];
  for (let k = e.edgeStart[i]!; k < e.edgeStart[i + 1]!; k += EDGE) {
    const c = e.edges;
    edges.push({ unit: s.at(c[k]!)!, target: s.at(c[k + 1]!) as RepoPath, module: s.at(c[k + 2]!) as ModuleEdge['module'], typeOnly: c[k + 3] === 1, line: c[k + 4]!, column: c[k + 5]! });
  }
  const bit = (b: number): boolean => (e.flags[i * e.words + (b >> 5)]! & (1 << (b & 31))) !== 0;
  const direct = new Map<string, DirectUnits>();
  const found = new Map((rare?.direct ?? []).map(([r, units]) => [r, new Map(units)]));
  config.rules.forEach((rule, r) => {
    if (bit(r)) direct.set(rule.id, found.get(r) ?? EMPTY_UNITS);
  });
  let reads: Reads | null = null;
  return {
    sha: s.at(e.files[2 * i + 1]!) as BlobSha,
    edges,
    direct,
    suppressions: rare?.suppressions ?? NONE,
    problems: bit(config.rules.length) ? (rare?.problems ?? NONE) : null,
    unjudged: rare?.unjudged ?? false,
    get reads() {
      return (reads ??= readsAt(e, i));
    },
    numbered: { table: s, ids: e.reads, start: e.readStart[i]! },
  };
}

/** The stored snapshot's graph reversed, as columns: importers of file t at start[t]..end[t], with their edge counts. */
interface ReverseColumns {
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly importer: Int32Array;
  readonly all: Int32Array;
  readonly value: Int32Array;
}

/**
 * Reversed at write time, from the edge columns, importers in file order as
 * ImportGraph.sync learns them: a check that reads the file asks for a few
 * files' importers, and reversing every edge cost it 10 ms.
 */
function reverseColumns(e: Pick<Encoded, 'strings' | 'files' | 'edges' | 'edgeStart'>, n: number): ReverseColumns {
  const fileOf = new Int32Array(e.strings.length).fill(-1);
  for (let i = 0; i < n; i++) fileOf[e.files[2 * i]!] = i;
  const c = e.edges;
  // Counting pass, then a fill pass (importers ascending, so one importer's entries for a target are adjacent).
  const start = new Int32Array(n + 1);
  for (let k = 0; k < c.length; k += EDGE) {
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
    for (let k = e.edgeStart[i]!; k < e.edgeStart[i + 1]!; k += EDGE) {
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
  return { start, end, importer, all, value };
}

/** The stored snapshot's reverse edges over its columns: no edge is made into an object to answer a scope or a chain. */
function reverseEdges(r: ReverseColumns, files: readonly RepoPath[], position: ReadonlyMap<RepoPath, number>): ReverseEdges {
  return function* (target) {
    const t = position.get(target);
    if (t === undefined) return;
    for (let at = r.start[t]!; at < r.end[t]!; at++) yield [files[r.importer[at]!]!, { all: r.all[at]!, value: r.value[at]! }];
  };
}

function readsAt(e: Encoded, i: number): Reads {
  const s = e.strings;
  let k = e.readStart[i]!;
  const list = (): string[] => {
    const n = e.reads[k++]!;
    const out = new Array<string>(n);
    for (let x = 0; x < n; x++) out[x] = s.at(e.reads[k++]!)!;
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
    const at = e.strings.at(id)!;
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

function readersIn(r: Int32Array, readStart: Int32Array, strings: number, count: number): Readers {
  const start = new Int32Array(strings + 1);
  // Each reader once per string: a file reads one module's path again with every name it takes from it.
  const last = new Int32Array(strings);
  const each = (visit: (file: number, id: number) => void): void => {
    last.fill(-1);
    for (let i = 0; i < count; i++) {
      let k = readStart[i]!;
      for (let list = 0; list < 4; list++) {
        for (let n = r[k++]!; n > 0; n--) {
          const id = r[k++]!;
          if (last[id] === i) continue;
          last[id] = i;
          visit(i, id);
        }
      }
    }
  };
  each((_, id) => void start[id + 1]!++);
  for (let id = 0; id < strings; id++) start[id + 1]! += start[id]!;
  const fill = start.slice(0, strings);
  const files = new Int32Array(start[strings]!);
  each((file, id) => void (files[fill[id]!++] = file));
  return { start, files };
}

/**
 * stillHolds (snapshot-change.ts) over string ids: the strings a change
 * names are looked up once, then each file's reads are numbers compared.
 * Only files that read one of those strings are suspects.
 */
function holdsAfter(e: Encoded, files: readonly RepoPath[], position: ReadonlyMap<RepoPath, number>, change: SnapshotChange): Holding {
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
      if (flags[r[k + 1]!]! & NAME && change.names.get(e.strings.at(file) as RepoPath)?.has(e.strings.at(r[k + 1]!)!)) return false;
    }
    for (let n = r[k++]!; n > 0; n--) if (flags[r[k++]!]! & MODULE) return false;
    for (let n = r[k++]!; n > 0; n--) if (flags[r[k++]!]! & TOP) return false;
    return true;
  };
  if (!flagged.length) return { holds, suspects: [] };
  // A name alone makes no suspect: it matters only paired with a changed file, whose readers are suspects already.
  const suspect = (id: number): boolean => (flags[id]! & ~NAME) !== 0;
  const suspects = new Set<number>();
  const { start, files: readers } = e.readers;
  for (const id of flagged) if (suspect(id)) for (let at = start[id]!; at < start[id + 1]!; at++) suspects.add(readers[at]!);
  return { holds, suspects: [...suspects].map((i) => files[i]!) };
}
