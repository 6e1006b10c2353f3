import type { Config } from '../model/index.js';
import { buildModuleIndex, type ModuleIndex } from '../resolve/module-index.js';
import { checkedBodyOf, writeCheckedFile } from '../fs/checked-file.js';
import { readOwned, type WriteBytes } from '../fs/owned-file.js';
import { decodeJudgments, encodeJudgments, type StoredJudgments } from './judgment-codec.js';
import { SHAPE_VERSION } from './written-shape.js';
import type { EarlierJudgments, HeadOrigin } from './judgments.js';

const MAGIC = 'ssot-guard-judgments';
/**
 * The file's layout version: derived from the shape it writes (written-shape.ts).
 * What a field means is the engine's, pinned by the tool version in the key.
 */
const FORMAT = `j-${SHAPE_VERSION}`;

/**
 * A judgment is valid for one engine and one config: the extractor version
 * (facts), ssot-guard's own version (resolution and rule semantics) and the
 * normalised config's hash are the whole key.
 */
export function judgmentKey(config: Config, factsVersion: string, toolVersion: string): string {
  return `${FORMAT}|${factsVersion}|${toolVersion}|${config.hash}`;
}

/**
 * The last snapshot whose judgments were written, or null (none, another
 * key, damaged: never trusted). `read` is the file's bytes when they were
 * asked for before the config was known.
 */
export async function loadJudgments(file: string, key: string, config: Config, read: Promise<Buffer | null> = readOwned(file)): Promise<EarlierJudgments | null> {
  const body = checkedBodyOf(await read, MAGIC, key);
  if (!body) return null;
  let stored;
  try {
    stored = decodeJudgments(config, body);
  } catch {
    return null;
  }
  return stored ? asEarlier(config, stored) : null;
}

/** Judgments read back, as the next snapshot is judged from them. */
export function asEarlier(config: Config, stored: StoredJudgments): EarlierJudgments {
  const { files, judgments, evaluation, head, targets } = stored;
  let index: ModuleIndex | null = null;
  return {
    files,
    head,
    shaOf: (p) => stored.shaOf(p),
    index: () => (index ??= stored.index() ?? buildModuleIndex(files, config.pythonRoots)),
    judgments: () => judgments,
    isUnjudged: (p) => stored.isUnjudged(p),
    flagged: () => stored.flagged(),
    evaluation: () => evaluation,
    targets: () => targets,
    holdsAfter: (change) => stored.holdsAfter(change),
    reverseEdges: () => stored.reverseEdges(),
  };
}

export async function saveJudgments(
  file: string,
  key: string,
  config: Config,
  snapshot: EarlierJudgments,
  head: HeadOrigin | null,
  write?: WriteBytes,
): Promise<{ ok: true } | { ok: false; error: string }> {
  return writeJudgments(file, key, encodeSnapshot(config, snapshot, head), write);
}

/** A snapshot's judgments and evaluation as the file holds them, and the HEAD tree they are of, if any. */
export function encodeSnapshot(config: Config, snapshot: EarlierJudgments, head: HeadOrigin | null = null): Buffer {
  return encodeJudgments(config, snapshot.files, snapshot.judgments(), snapshot.evaluation(), snapshot.targets(), { head, index: snapshot.index() });
}

export async function writeJudgments(file: string, key: string, body: Buffer, write?: WriteBytes): Promise<{ ok: true } | { ok: false; error: string }> {
  return writeCheckedFile(file, MAGIC, key, body, write);
}
