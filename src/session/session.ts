import type { BlobReader, CheckStats, Config, Frames, Snapshot } from '../model/index.js';
import { FactsUnavailable, type FactStore } from '../facts/fact-store.js';
import { buildProgram, type Program } from './build-program.js';
import { judgedFiles } from './judged-files.js';
import { judgedFromHead } from './judged-from-head.js';
import { judgedListing, loadListed, readWorktree } from './judged-from-listing.js';
import { judgedFromSaves, type LastWorktree } from './judged-from-saves.js';
import type { CheckMode, CheckOptions, SessionCheck, SessionParts } from './judging.js';
import { keptJudgmentStore, type JudgmentStore } from './kept-judgment-store.js';
import { sameSnapshot } from './same-snapshot.js';
import { SourceLines } from './source-lines.js';
import type { SnapshotSource } from './snapshot-source.js';
import { verdictOf } from './verdict.js';

/**
 * The engine behind every front end (CLI, hook client, daemon, watch): turns a
 * snapshot into a verdict, reusing facts by blob sha across snapshots and runs.
 */
export class Session {
  private readonly parts: SessionParts;
  /** The last verdict of each git mode, with the snapshots it judged: asked again about the same content, it is the answer. */
  private readonly verdicts = new Map<CheckMode, { judged: Snapshot; head: Snapshot | null; check: SessionCheck }>();
  /** The last working-tree verdict's snapshot and judgments: the next is judged from them and the saves since (judged-from-saves.ts). */
  private lastWorktree: LastWorktree | null = null;

  constructor(
    config: Config,
    source: SnapshotSource,
    facts: FactStore,
    /** What checks start from and hand their judgments on to; by default, memory only (the one-shot CLI: a file). */
    judgments: JudgmentStore = keptJudgmentStore(config, null, 'process'),
    /** The source lines its verdicts carry for their readers: by default every finding's. */
    frames: Frames = 'findings',
  ) {
    this.parts = { config, source, facts, judgments, included: judgedFiles(config), sourceLines: new SourceLines(frames) };
  }

  /** The source lines its verdicts carry: what an excerpt of them can hold. */
  get frames(): Frames {
    return this.parts.sourceLines.frames;
  }

  /** The snapshot's files, facts loaded, as a program rules and queries can read (for explain and graph). */
  async program(mode: CheckMode, options: CheckOptions = {}): Promise<{ program: Program; snapshot: Snapshot; reader: BlobReader }> {
    // A program reads every file's facts: their records are checked before, not met damaged while it reads.
    const loaded = await loadListed(this.parts, mode, { ...options, verifyFacts: true }, mode === 'worktree' ? await readWorktree(this.parts, null) : null);
    const { current } = loaded;
    return { program: buildProgram([...current.keys()], (p) => current.get(p)?.sha, this.parts.facts, this.parts.config), snapshot: loaded.snapshot, reader: loaded.reader };
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
    const { facts } = this.parts;
    const cacheHitsBefore = facts.hits;
    const statsOf = (files: number, parsed: number): CheckStats => ({
      files,
      parsed,
      cacheHits: facts.hits - cacheHitsBefore,
      ms: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
      daemon: options.daemon ?? false,
    });
    // One route, snapshot → judgments → verdict, read one of two ways: from HEAD's kept judgments and git's delta, or listed.
    if (mode === 'staged' && !options.verifyFacts) {
      const fromHead = await judgedFromHead(this.parts, options);
      if (fromHead) return verdictOf(this.parts, mode, fromHead, statsOf);
    }
    if (mode === 'worktree') return this.checkWorktree(options, statsOf);
    const listed = await loadListed(this.parts, mode, options, null);
    const { snapshot, head } = listed;
    const known = this.verdicts.get(mode);
    if (known && sameSnapshot(known.judged, snapshot) && sameSnapshot(known.head, head)) {
      return { result: { ...known.check.result, stats: statsOf(known.check.result.stats.files, 0) }, sourceLine: known.check.sourceLine };
    }
    const check = await verdictOf(this.parts, mode, await judgedListing(this.parts, mode, listed), statsOf);
    this.verdicts.set(mode, { judged: snapshot, head, check });
    return check;
  }

  /** The working tree: from the last verdict's judgments and the saves since when the source can tell them, else listed. */
  private async checkWorktree(options: CheckOptions, statsOf: (files: number, parsed: number) => CheckStats): Promise<SessionCheck> {
    const last = this.lastWorktree;
    // Forgotten until this check is done: one that fails half-way leaves nothing to judge the next from.
    this.lastWorktree = null;
    const read = await readWorktree(this.parts, last?.read ?? null);
    // Judged from saves only where the last had no link in scope: it has none either, then.
    let linked = false;
    let judging = options.verifyFacts ? null : await judgedFromSaves(this.parts, read, last, options);
    if (!judging) {
      const listed = await loadListed(this.parts, 'worktree', options, read);
      linked = listed.linked;
      judging = await judgedListing(this.parts, 'worktree', listed);
    }
    const check = await verdictOf(this.parts, 'worktree', judging, statsOf);
    const { judgments } = this.parts;
    this.lastWorktree = { read: read.snapshot, judgments: judgments.keptFor === 'process' ? await judgments.load('worktree') : null, linked };
    return check;
  }

}
