import type { BlobSha, Config, RepoPath } from '../model/index.js';
import { flaggedOver } from './judged-program.js';
import type { ReverseEdges } from '../graph/reverse-search.js';
import { decodeJudgments } from './judgment-codec.js';
import { asEarlier, encodeSnapshot } from './judgment-file.js';
import type { FileJudgment } from './file-judgment.js';
import type { JudgedSnapshot } from './judged-snapshot.js';
import type { EarlierJudgments, FlaggedFiles } from './judgments.js';
import { stillHolds } from './snapshot-change.js';

/**
 * A judged snapshot as a long-lived process keeps it to judge the next one
 * from: the compact judgments of some earlier snapshot (the codec's columns,
 * a few bytes per read) and, as objects, only the judgments made since.
 * Nothing in it refers to the snapshot's program, so keeping the latest one
 * does not keep every one before it.
 */
export interface KeptJudgments extends EarlierJudgments {
  readonly base: EarlierJudgments;
  /** Judgments that are not the base's, by file. */
  readonly overlay: ReadonlyMap<RepoPath, FileJudgment>;
}

/** Past this many judgments as objects, the kept snapshot is encoded into compact columns again. */
const MAX_OVERLAY = 1000;

/**
 * What to keep of `snapshot` (judged from `earlier`): its own judgments laid
 * over the base the earlier one had, or, when that would be many objects
 * (no base yet, a branch switch), the snapshot encoded as a new base.
 */
export function keepJudgments(config: Config, snapshot: JudgedSnapshot, earlier: EarlierJudgments | null, maxOverlay = MAX_OVERLAY): KeptJudgments {
  const program = snapshot.program();
  const previous = earlier && isKept(earlier) ? earlier : null;
  const base = previous?.base ?? earlier;
  const own = program.ownJudgments();
  if (!base || own.size + (previous?.overlay.size ?? 0) > maxOverlay) return keptFromEncoded(config, encodeSnapshot(config, snapshot));
  const overlay = new Map<RepoPath, FileJudgment>();
  for (const [path, judgment] of previous?.overlay ?? []) if (snapshot.shaOf(path) !== undefined && !own.has(path)) overlay.set(path, judgment);
  for (const [path, judgment] of own) overlay.set(path, judgment);
  return layered(snapshot, base, overlay);
}

/** Judgments as encoded for the file (judgment-file.ts), read back: compact, with no overlay. */
export function keptFromEncoded(config: Config, body: Buffer): KeptJudgments {
  const stored = decodeJudgments(config, body);
  if (!stored) throw new Error('internal: judgments just encoded do not decode');
  const base = asEarlier(config, stored);
  return { ...base, base, overlay: new Map() };
}

function layered(snapshot: JudgedSnapshot, base: EarlierJudgments, overlay: ReadonlyMap<RepoPath, FileJudgment>): KeptJudgments {
  // Taken now, as values: a closure over the snapshot would keep its program, and through it every earlier one.
  const index = snapshot.index();
  const evaluation = snapshot.evaluation();
  const targets = snapshot.targets();
  const reverse: ReverseEdges = snapshot.reverseEdges();
  const { files, shaOf } = snapshot;
  const fromBase = base.judgments();
  let flagged: FlaggedFiles | null = null;
  return {
    base,
    overlay,
    files,
    head: snapshot.head,
    shaOf,
    index: () => index,
    judgments: () => ({ get: (path) => overlay.get(path) ?? (base.shaOf(path) === shaOf(path) ? fromBase.get(path) : undefined) }),
    isUnjudged: (path) => overlay.get(path)?.unjudged ?? base.isUnjudged(path),
    flagged: () => (flagged ??= flaggedOf(base, overlay, files, shaOf)),
    evaluation: () => evaluation,
    targets: () => targets,
    holdsAfter: (change) => {
      const fromBaseHolding = base.holdsAfter(change);
      return {
        holds: (path) => {
          const own = overlay.get(path);
          return own ? stillHolds(own.reads, change) : fromBaseHolding.holds(path);
        },
        // Any judgment of the overlay may be one that does not hold: they are few (MAX_OVERLAY).
        suspects: fromBaseHolding.suspects && new Set([...fromBaseHolding.suspects, ...overlay.keys()]),
      };
    },
    reverseEdges: () => reverse,
  };
}

/** The base's flagged files that the overlay does not replace, and the overlay's. */
function flaggedOf(base: EarlierJudgments, overlay: ReadonlyMap<RepoPath, FileJudgment>, files: readonly RepoPath[], shaOf: (p: RepoPath) => BlobSha | undefined): FlaggedFiles {
  return flaggedOver(base.flagged(), overlay, (p) => base.shaOf(p) === shaOf(p), files);
}

function isKept(earlier: EarlierJudgments): earlier is KeptJudgments {
  return 'overlay' in earlier && 'base' in earlier;
}
