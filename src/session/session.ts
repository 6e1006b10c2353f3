import type {
  BlobReader,
  BlobSha,
  CheckResult,
  CheckStats,
  Config,
  Diagnostic,
  RepoPath,
  RuleError,
  Snapshot,
  SnapshotEntry,
  SnapshotKind,
  TreeId,
  Violation,
} from '../model/index.js';
import type { DeltaEntry } from '../git/index-delta.js';
import { stagedDelta, stagedKinds } from './staged-delta.js';
import { preloadExtractors } from '../facts/lazy-extractors.js';
import { FactsUnavailable, requiredFacts, type FactStore } from '../facts/fact-store.js';
import { factKeyOfPath } from '../facts/fact-key.js';
import { judgeableMode, type FactKey } from '../model/index.js';
import { followLinks } from './follow-links.js';
import { judgedFiles } from './judged-files.js';
import { sameSnapshot } from './same-snapshot.js';
import type { Evaluation } from '../rules/evaluate.js';
import { ruleErrorsOf } from '../rules/rule-errors.js';
import { judgeSnapshot, type EarlierJudgments, type HeadOrigin, type JudgedSnapshot } from '../judgment/judged-snapshot.js';
import type { FlaggedFiles } from '../judgment/judged-program.js';
import { buildProgram, type Program } from './build-program.js';
import { keptJudgmentStore } from './kept-judgment-store.js';
import { keepJudgments } from '../judgment/kept-judgments.js';
import { ResolutionMemo } from '../resolve/resolver.js';
import { markAgainst } from './compare-with-head.js';
import { applyBaseline } from '../baseline/apply-baseline.js';
import { EMPTY_BASELINE, type Baseline } from '../baseline/baseline-model.js';
import { parseBaseline } from '../baseline/baseline-file.js';

/**
 * How many judgeable files commits may have changed since HEAD's judgments
 * were kept before a staged check from them keeps the new HEAD's instead:
 * below it each check judges those files again, which costs less than
 * writing every file's judgments (0.35 s on 10,000 files).
 */
const REKEEP_AFTER = 100;

/** staged: what the commit will contain, new vs HEAD; all: every violation in the index; worktree: files on disk. */
export type CheckMode = 'staged' | 'all' | 'worktree';

/** The I/O a session needs, injected so the session is tested without processes where that helps. */
export interface SnapshotSource {
  staged(): Promise<Snapshot>;
  head(): Promise<Snapshot>;
  /** Files on disk; only paths `include` accepts need be read. */
  worktree(include?: (path: RepoPath) => boolean): Promise<{ snapshot: Snapshot; reader: BlobReader }>;
  /** Reader for index and HEAD blobs (git cat-file --batch). */
  blobs(): BlobReader;
  /** What a check of the index needs to start from HEAD's kept judgments instead of listing (the one-shot CLI's source). */
  readonly deltas?: DeltaSource;
}

/** git's answers about what changed, so a check reads those paths only. */
export interface DeltaSource {
  /** HEAD's tree id (null: no commit yet). */
  headTree(): Promise<TreeId | null>;
  /** How the index differs from a tree; null when it has unmerged paths. */
  indexDelta(tree: TreeId): Promise<DeltaEntry[] | null>;
  /** How one tree differs from another: what commits since the kept judgments' tree changed. */
  treeDelta(from: TreeId, to: TreeId): Promise<DeltaEntry[] | null>;
  /** Reader for index blobs that takes these entries' from the working tree when the bytes there are the same. */
  onDiskFirst(entries: Iterable<SnapshotEntry>): BlobReader;
}

/**
 * Where a session keeps file judgments between checks: the one-shot CLI in
 * a file (judgment-file.ts), HEAD's, whatever it judges; a daemon in memory,
 * the latest of each kind of snapshot (kept-judgment-store.ts).
 */
export interface JudgmentStore {
  /** What to judge a snapshot of this kind from. */
  load(kind: SnapshotKind): Promise<EarlierJudgments | null>;
  /** A snapshot of this kind was judged from `earlier` and its verdict given: a long-lived store keeps it to judge the next from. */
  judged?(kind: SnapshotKind, snapshot: JudgedSnapshot, earlier: EarlierJudgments | null): void;
  /** HEAD's judgments, when they are not the ones loaded (a commit moved HEAD), and the tree they are of: for the next process. */
  save(snapshot: JudgedSnapshot, head: HeadOrigin | null): Promise<void>;
}

/** What a verdict is made of, however the snapshot was read. */
interface Judging {
  readonly judged: Judged;
  /** What a staged check reports against (null with no reference: --all, the working tree). */
  readonly head: {
    /** Judgeable files whose blob is not HEAD's. */
    readonly changed: ReadonlyMap<RepoPath, unknown>;
    evaluation(): Evaluation;
  } | null;
  /** Blobs of the judgeable files, for code frames. */
  readonly shaOf: (path: RepoPath) => BlobSha | undefined;
  readonly files: number;
  /** The baseline file's blob in the judged snapshot. */
  readonly baseline: BlobSha | null;
  /** Links in scope that lead to no file of the snapshot: each blocks. */
  readonly links: readonly Diagnostic[];
  readonly unmerged: readonly RepoPath[];
  readonly reader: BlobReader;
  readonly parsed: number;
  keep(): Promise<void>;
}

/** What a check reads of a judged snapshot. */
interface Judged {
  evaluation(): Evaluation;
  /** Rules that cannot be judged in this snapshot (rule-errors.ts): worked out afresh for every snapshot, never kept. */
  ruleErrors(): RuleError[];
  problemsOf(path: RepoPath): readonly Diagnostic[];
  flagged(): FlaggedFiles;
}

export interface SessionCheck {
  readonly result: CheckResult;
  /** Source text of reported lines, for code frames. */
  readonly sourceLine: (file: RepoPath, line: number) => string | undefined;
}

export interface CheckOptions {
  readonly onProgress?: (done: number, total: number) => void;
  readonly daemon?: boolean;
  /** Read and check every cached fact record the snapshot needs before judging (after one was found damaged). */
  readonly verifyFacts?: boolean;
}

/** Whether a list names exactly these paths, in this order. */
function samePaths(files: readonly RepoPath[], entries: ReadonlyMap<RepoPath, SnapshotEntry>): boolean {
  if (files.length !== entries.size) return false;
  let i = 0;
  for (const path of entries.keys()) if (files[i++] !== path) return false;
  return true;
}

/** Whether earlier judgments are of exactly these files and blobs. */
function sameListing(earlier: EarlierJudgments, entries: ReadonlyMap<RepoPath, SnapshotEntry>): boolean {
  if (earlier.files.length !== entries.size) return false;
  for (const e of entries.values()) if (earlier.shaOf(e.path) !== e.sha) return false;
  return true;
}

/** Entries of `current` that `reference` lacks or holds another blob of. */
function changedFrom(reference: ReadonlyMap<RepoPath, SnapshotEntry>, current: ReadonlyMap<RepoPath, SnapshotEntry>): Map<RepoPath, SnapshotEntry> {
  const out = new Map<RepoPath, SnapshotEntry>();
  for (const e of current.values()) if (reference.get(e.path)?.sha !== e.sha) out.set(e.path, e);
  return out;
}

/**
 * Outside Session.judged on purpose: a closure made there would share its
 * scope, which holds the earlier judgments and this check's snapshot; kept
 * judgments hold this lookup, so each would hold the one before it.
 */
function shaIn(entries: ReadonlyMap<RepoPath, SnapshotEntry>): (path: RepoPath) => BlobSha | undefined {
  return (path) => entries.get(path)?.sha;
}

/**
 * The engine behind every front end (CLI, hook client, daemon, watch): turns a
 * snapshot into a verdict, reusing facts by blob sha across snapshots and runs.
 */
export class Session {
  private readonly included: (path: string) => boolean;
  /** The last verdict of each git mode, with the snapshots it judged: asked again about the same content, it is the answer. */
  private readonly verdicts = new Map<CheckMode, { judged: Snapshot; head: Snapshot | null; check: SessionCheck }>();

  constructor(
    private readonly config: Config,
    private readonly source: SnapshotSource,
    private readonly facts: FactStore,
    /** What checks start from and hand their judgments on to; by default, memory only (the one-shot CLI: a file). */
    private readonly judgments: JudgmentStore = keptJudgmentStore(config),
  ) {
    this.included = judgedFiles(config);
  }

  /** The snapshot's files, facts loaded, as a program rules and queries can read (for explain and graph). */
  async program(mode: CheckMode, options: CheckOptions = {}): Promise<{ program: Program; snapshot: Snapshot; reader: BlobReader }> {
    // A program reads every file's facts: their records are checked before, not met damaged while it reads.
    const loaded = await this.load(mode, { ...options, verifyFacts: true });
    const { current } = loaded;
    return { program: buildProgram([...current.keys()], (p) => current.get(p)?.sha, this.facts, this.config), snapshot: loaded.snapshot, reader: loaded.reader };
  }

  private async load(mode: CheckMode, options: CheckOptions) {
    // The index and HEAD are two git processes: asked at once, not one after the other.
    const [judged, head] = await Promise.all([
      mode === 'worktree'
        ? // The baseline is read from the snapshot it judges, though no include pattern names it.
          this.source.worktree((p) => this.included(p) || p === this.config.baselineFile)
        : this.source.staged().then((snapshot) => ({ snapshot, reader: this.source.blobs() })),
      mode === 'staged' ? this.source.head() : null,
    ]);
    // Links in scope are read as the files they lead to, in the snapshot they are in.
    const [followed, followedHead] = await Promise.all([
      followLinks(judged.snapshot, this.included, judged.reader),
      head && followLinks(head, this.included, this.source.blobs()),
    ]);
    const { reader } = judged;
    const snapshot = followed.snapshot;
    const headSnapshot = followedHead?.snapshot ?? null;
    const current = this.judgeable(snapshot);
    const reference = headSnapshot ? this.judgeable(headSnapshot) : null;
    const needed = new Set<FactKey>();
    // values(), not entries: a pair made per file per check is megabytes of garbage on a large repository.
    for (const e of current.values()) needed.add(factKeyOfPath(e.path, e.sha));
    for (const e of reference?.values() ?? []) needed.add(factKeyOfPath(e.path, e.sha));
    // A check from judgments reads the facts of a few files: their records are checked as they are read.
    const verification = options.verifyFacts ? 'now' : 'on-read';
    const parsed = await this.facts.ensure(needed, mode === 'worktree' ? [reader, this.source.blobs()] : [reader], options.onProgress, verification);
    // HEAD's judgments with links in them are kept with no tree: a change to a target alone is not a change git lists for the link.
    return { snapshot, reader, head: headSnapshot, current, reference, parsed, links: followed.broken, headLinked: followedHead?.linked ?? false };
  }

  async check(mode: CheckMode, options: CheckOptions = {}): Promise<SessionCheck> {
    try {
      return await this.checkOnce(mode, options);
    } catch (err) {
      // A damaged cache record met while judging: forgotten now; judged again with every record checked first.
      if (!(err instanceof FactsUnavailable) || options.verifyFacts) throw err;
      return this.checkOnce(mode, { ...options, verifyFacts: true });
    }
  }

  private async checkOnce(mode: CheckMode, options: CheckOptions): Promise<SessionCheck> {
    // hrtime, not performance.now(): the first use of `performance` loads perf_hooks, a millisecond of a one-shot check.
    const started = process.hrtime.bigint();
    const cacheHitsBefore = this.facts.hits;
    const statsOf = (files: number, parsed: number): CheckStats => ({
      files,
      parsed,
      cacheHits: this.facts.hits - cacheHitsBefore,
      ms: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
      daemon: options.daemon ?? false,
    });
    if (mode === 'staged' && !options.verifyFacts) {
      const fromHead = await this.judgedFromHead(options);
      if (fromHead) return this.verdict(mode, fromHead, statsOf);
    }
    const { snapshot, reader, head, current, reference, parsed, links, headLinked } = await this.load(mode, options);
    const known = this.verdicts.get(mode);
    if (known && sameSnapshot(known.judged, snapshot) && sameSnapshot(known.head, head)) {
      return { result: { ...known.check.result, stats: statsOf(known.check.result.stats.files, 0) }, sourceLine: known.check.sourceLine };
    }
    const judged = await this.judged(mode, current, reference, head, headLinked);
    // In staged mode only files the commit changes are worth a warning; with no reference (CI's --all, the working tree), every file's.
    const changed = reference && changedFrom(reference, current);
    // The same files and blobs as HEAD: the index's evaluation is HEAD's.
    const asHead = changed?.size === 0 && reference!.size === current.size;
    const check = await this.verdict(mode, {
      judged: judged.current,
      head: changed && { changed, evaluation: () => (asHead ? judged.current : judged.reference!()).evaluation() },
      shaOf: shaIn(current),
      files: current.size,
      baseline: snapshot.entries.get(this.config.baselineFile)?.sha ?? null,
      links,
      unmerged: snapshot.unmerged,
      reader,
      parsed,
      keep: judged.keep,
    }, statsOf);
    if (mode !== 'worktree') this.verdicts.set(mode, { judged: snapshot, head, check });
    return check;
  }

  /**
   * A check of the index from HEAD's kept judgments: git lists the paths
   * the index changes from HEAD and, when commits have moved HEAD since the
   * judgments were kept, the paths those commits changed; only those are
   * read, and HEAD and the index are each judged from the kept judgments.
   * Null when that cannot be done (no such judgments, unmerged paths, a
   * judgeable file added or removed): the index is then listed.
   */
  private async judgedFromHead(options: CheckOptions): Promise<Judging | null> {
    const source = this.source.deltas;
    if (!source) return null;
    const tree = await source.headTree();
    if (!tree) return null;
    // git lists the change while the judgments are read: asked of a tree they may turn out not to be of, it is wasted then, not wrong.
    const listed = source.indexDelta(tree);
    // The parsers the change needs load while the judgments are still being read.
    void listed.then((delta) => delta && preloadExtractors(stagedKinds(delta)), () => {});
    const [earlier, delta] = await Promise.all([this.judgments.load('staged'), listed]);
    const origin = earlier?.head;
    const kept = earlier?.evaluation();
    if (!earlier || !origin || !kept || !delta) return null;
    // HEAD is the kept tree and what commits since changed (nothing, while HEAD has not moved). A kept
    // tree git no longer has (history rewritten, then pruned) is no error: the index is listed.
    const moved = origin.tree === tree ? [] : await source.treeDelta(origin.tree, tree).catch(() => null);
    const sinceKept = moved && stagedDelta(earlier, origin.baseline, moved, this.included, this.config.baselineFile);
    if (!sinceKept) return null;
    const headShaOf = (path: RepoPath): BlobSha | undefined => sinceKept.changed.get(path)?.sha ?? earlier.shaOf(path);
    const read = stagedDelta({ shaOf: headShaOf }, sinceKept.baseline, delta, this.included, this.config.baselineFile);
    if (!read) return null;
    const shaOf = (path: RepoPath): BlobSha | undefined => read.changed.get(path)?.sha ?? headShaOf(path);
    const reader = source.onDiskFirst(read.changed.values());
    // Each changed file's blobs on both sides of the change it is judged across.
    const needed = new Set<FactKey>();
    for (const [path, e] of sinceKept.changed) for (const sha of [e.sha, earlier.shaOf(path)]) if (sha) needed.add(factKeyOfPath(path, sha));
    for (const [path, e] of read.changed) for (const sha of [e.sha, headShaOf(path)]) if (sha) needed.add(factKeyOfPath(path, sha));
    const parsed = await this.facts.ensure(needed, [reader], options.onProgress, 'on-read');
    // Only the changed files' facts were made sure of: any other is read from the cache, and one missing there is not "no imports".
    const facts = requiredFacts(this.facts);
    const judgedAs = (from: EarlierJudgments, shaOfFile: (path: RepoPath) => BlobSha | undefined, changed: Iterable<RepoPath>): JudgedSnapshot =>
      judgeSnapshot({ config: this.config, files: earlier.files, shaOf: shaOfFile, facts, memo: new ResolutionMemo() }, from, changed);
    // HEAD judged from the kept judgments, then the index from HEAD's (kept-judgments.ts lays the one over the other), as a daemon does.
    const head = sinceKept.changed.size ? judgedAs(earlier, headShaOf, sinceKept.changed.keys()) : null;
    const now = judgedAs(head ? keepJudgments(this.config, head, earlier) : earlier, shaOf, read.changed.keys());
    return {
      judged: judgedOf(this.config, now),
      head: { changed: read.changed, evaluation: () => (head ? head.evaluation() : kept) },
      shaOf,
      files: earlier.files.length,
      baseline: read.baseline,
      links: [],
      unmerged: [],
      reader,
      parsed,
      // The kept judgments stay while commits since have changed few files: judging those again costs a check less than writing 10,000 files' judgments (0.35 s).
      keep: async () => {
        if (head && sinceKept.changed.size > REKEEP_AFTER) await this.judgments.save(head, { tree, baseline: sinceKept.baseline });
      },
    };
  }

  /** The verdict on a judged snapshot. */
  private async verdict(mode: CheckMode, judging: Judging, statsOf: (files: number, parsed: number) => CheckStats): Promise<SessionCheck> {
    const { judged, head, reader } = judging;
    const changed = head?.changed ?? null;
    const evaluation = judged.evaluation();
    const ruleErrors = judged.ruleErrors();
    let diagnostics = evaluation.diagnostics;
    // The baseline of the snapshot being judged: a fix and its prune land in the same commit.
    const baseline = applyBaseline(evaluation.violations, await this.baselineAt(judging.baseline, reader));
    let violations = baseline.fresh;
    if (head) {
      violations = markAgainst(violations, head.evaluation().violations).filter((v) => v.status === 'new');
      diagnostics = diagnostics.filter((d) => head.changed.has(d.file));
    }
    diagnostics = [...diagnostics, ...fileDiagnostics(changed, judged, violations, judging.links, judging.unmerged)];
    await judging.keep();

    // Judgments are kept, not facts: the next check decodes those of the few files it judges again.
    this.facts.releaseDecoded();
    const sources = await sourceLines(judging.shaOf, reader, violations, diagnostics);
    if (mode === 'worktree') reader.close();
    await this.facts.persist();
    const result: CheckResult = {
      snapshot: mode === 'worktree' ? 'worktree' : 'staged',
      ruleErrors,
      violations,
      diagnostics,
      baseline: {
        known: baseline.known.length,
        stale: baseline.stale.map(({ fingerprint, rule, file, unit, count }) => ({ fingerprint, rule, file, unit, count })),
      },
      stats: statsOf(judging.files, judging.parsed),
    };
    return { result, sourceLine: (file, line) => sources.get(file)?.[line - 1] };
  }

  /**
   * The snapshot being judged and, when asked, its reference (HEAD), from
   * the store's judgments; `keep` hands them on to the next check.
   */
  private async judged(
    mode: CheckMode,
    current: ReadonlyMap<RepoPath, SnapshotEntry>,
    reference: ReadonlyMap<RepoPath, SnapshotEntry> | null,
    headSnapshot: Snapshot | null,
    /** HEAD has links in scope: its judgments are not kept under its tree (judgedFromHead could not see a target change). */
    headLinked = false,
  ): Promise<{ current: Judged; reference: (() => Judged) | null; keep(): Promise<void> }> {
    const store = this.judgments;
    const kind: SnapshotKind = mode === 'worktree' ? 'worktree' : 'staged';
    const [earlier, earlierHead] = await Promise.all([store.load(kind), reference ? store.load('head') : null]);
    // The judgments are what is kept: what resolving the few stale files found is this check's scratch work.
    const memo = new ResolutionMemo();
    // The earlier list when the paths are the same: what is derived from a list alone (scopes by glob) is remembered by it.
    const filesOf = (entries: ReadonlyMap<RepoPath, SnapshotEntry>): readonly RepoPath[] => (earlier && samePaths(earlier.files, entries) ? earlier.files : [...entries.keys()]);
    const input = (entries: ReadonlyMap<RepoPath, SnapshotEntry>) => ({ config: this.config, files: filesOf(entries), shaOf: shaIn(entries), facts: this.facts, memo });
    const now = judgeSnapshot(input(current), earlier);
    let head: JudgedSnapshot | null = null;
    // HEAD is judged from what was kept when that was HEAD already, else from the index (a few files away).
    const headFrom = earlierHead && sameListing(earlierHead, reference!) ? earlierHead : null;
    const headOf = (): JudgedSnapshot => (head ??= judgeSnapshot(input(reference!), headFrom ?? now));
    return {
      current: judgedOf(this.config, now),
      reference: reference ? () => judgedOf(this.config, headOf()) : null,
      keep: async () => {
        // HEAD's are written for the next commit's check: they change less often than the index. (A CI run
        // of --all, in a fresh clone, has no next check to write them for: that cost 0.4 s on 10,000 modules.)
        if (mode === 'staged') {
          const kept = reference ? headOf() : now;
          // With the tree they are of: the next check of the index starts from them, listing neither HEAD nor the index.
          const tree = reference && !headLinked ? headSnapshot?.tree : null;
          const origin = tree ? { tree, baseline: headSnapshot!.entries.get(this.config.baselineFile)?.sha ?? null } : null;
          const had = reference ? headFrom && (!origin || headFrom.head?.tree === origin.tree) : earlier && sameListing(earlier, current);
          if (!had) return store.save(kept, origin);
        }
        store.judged?.(kind, now, earlier);
        if (head && headFrom) store.judged?.('head', head, headFrom);
      },
    };
  }

  private async baselineAt(sha: BlobSha | null, reader: BlobReader): Promise<Baseline> {
    return sha ? parseBaseline((await reader.read(sha)).toString('utf8'), this.config.baselineFile) : EMPTY_BASELINE;
  }

  /**
   * Regular files the config includes that an extractor reads, and the
   * manifests script resolution reads; symlinks and submodules are not
   * source we can judge.
   */
  private judgeable(snapshot: Snapshot): ReadonlyMap<RepoPath, SnapshotEntry> {
    const judged = (e: SnapshotEntry): boolean => judgeableMode(e.mode) && this.included(e.path);
    for (const e of snapshot.entries.values()) {
      if (judged(e)) continue;
      const out = new Map<RepoPath, SnapshotEntry>();
      for (const f of snapshot.entries.values()) if (judged(f)) out.set(f.path, f);
      return out;
    }
    // A snapshot read with the config's filter (the working tree) is all judgeable: taken as it is, not copied.
    return snapshot.entries;
  }
}

/** What a check reads of a judged snapshot. */
function judgedOf(config: Config, snapshot: JudgedSnapshot): Judged {
  return {
    evaluation: () => snapshot.evaluation(),
    ruleErrors: () => ruleErrorsOf(config, snapshot.program()),
    problemsOf: (path) => snapshot.program().problemsOf(path),
    flagged: () => snapshot.program().flagged(),
  };
}

/** Problems of the files `changed` names, or, when null (no reference), of every file; then links that lead nowhere and unmerged paths. */
function fileDiagnostics(
  changed: ReadonlyMap<RepoPath, unknown> | null,
  judged: Judged,
  violations: readonly Violation[],
  links: readonly Diagnostic[],
  unmerged: readonly RepoPath[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (path: RepoPath): void => {
    const problems = judged.problemsOf(path);
    if (problems.length) out.push(...problems);
  };
  const flagged = judged.flagged();
  if (changed) {
    for (const path of changed.keys()) report(path);
    for (const file of new Set(violations.map((v) => v.file))) if (!changed.has(file)) report(file);
    // A file nobody could read may pass on a name the commit's files import from it: unchanged or not, it blocks.
    for (const path of flagged.unjudged) if (!changed.has(path)) report(path);
  } else {
    // Every file's problems: only the flagged ones have any, and asking the others would make each judgment an object.
    for (const path of flagged.problems) report(path);
  }
  // Whether the commit changes them or not: the code they stand for was never judged.
  out.push(...links);
  for (const path of unmerged) {
    out.push({ file: path, line: 1, column: 1, code: 'unmerged', message: 'unmerged in the index (merge conflict): judged as "ours" (stage 2) until resolved' });
  }
  return out;
}

/** Source text of the files a report names, for code frames. */
async function sourceLines(
  shaOf: (path: RepoPath) => BlobSha | undefined,
  reader: BlobReader,
  violations: readonly Violation[],
  diagnostics: readonly Diagnostic[],
): Promise<Map<RepoPath, string[]>> {
  const files = new Set<RepoPath>([...violations.map((v) => v.file), ...diagnostics.map((d) => d.file)]);
  const out = new Map<RepoPath, string[]>();
  for (const f of files) {
    const sha = shaOf(f);
    if (!sha) continue;
    try {
      out.set(f, (await reader.read(sha)).toString('utf8').split(/\r\n|\r|\n/));
    } catch {
      // A code frame is a nicety; the verdict does not depend on it.
    }
  }
  return out;
}
