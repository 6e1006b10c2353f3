import type { BlobReader, BlobSha, CheckResult, Frames, RepoPath } from '../model/index.js';

/** Lines of one file by number (1-based), without their ends. */
export type FileLines = ReadonlyMap<number, string>;

const LF = 10;
const CR = 13;

/**
 * Lines `wanted` of a file's UTF-8 bytes, lines ending as CPython ends them
 * (`\n`, `\r\n`, a lone `\r`: bytes no multi-byte character contains); a
 * number past the end is left out. Only those lines are decoded, each a
 * string of its own: a slice of the file's text would keep the whole text.
 */
export function linesOf(bytes: Buffer, wanted: ReadonlySet<number>): Map<number, string> {
  const out = new Map<number, string>();
  let last = 0;
  for (const n of wanted) if (n > last) last = n;
  const plain = !bytes.includes(CR);
  let start = 0;
  for (let n = 1; n <= last; n++) {
    let end = plain ? bytes.indexOf(LF, start) : start;
    if (end < 0) end = bytes.length;
    else if (!plain) while (end < bytes.length && bytes[end] !== LF && bytes[end] !== CR) end++;
    if (wanted.has(n)) out.set(n, bytes.toString('utf8', start, end));
    if (end >= bytes.length) break;
    start = end + (bytes[end] === CR && bytes[end + 1] === LF ? 2 : 1);
  }
  return out;
}

/**
 * Pure: the lines a reporter may draw a code frame from, by file: each
 * violation's line and its evidence lines, and with 'findings' each
 * diagnostic's line.
 */
export function framedLines(result: Pick<CheckResult, 'violations' | 'diagnostics'>, frames: Frames): Map<RepoPath, Set<number>> {
  const out = new Map<RepoPath, Set<number>>();
  const take = (file: RepoPath, line: number): void => {
    let lines = out.get(file);
    if (!lines) out.set(file, (lines = new Set()));
    lines.add(line);
  };
  if (frames === 'none') return out;
  for (const v of result.violations) {
    take(v.file, v.line);
    for (const e of v.evidence) take(v.file, e.line);
  }
  if (frames === 'findings') for (const d of result.diagnostics) take(d.file, d.line);
  return out;
}

/**
 * The lines verdicts draw code frames from (each violation's line and its
 * evidence lines, each diagnostic's line), kept by blob: a long-lived session
 * names mostly the same lines check after check (a save changes one file),
 * so each blob is read once, not on every save (a sixth of a daemon's save ->
 * verdict on a real 10,000-file repository with 800 warnings). Those lines
 * alone are kept, not the files' texts (20 MB on that repository), and only
 * what the last verdict named.
 */
export class SourceLines {
  private kept = new Map<BlobSha, FileLines>();

  constructor(readonly frames: Frames) {}

  /** The lines `frames` names of this result's findings, by file. */
  async of(result: Pick<CheckResult, 'violations' | 'diagnostics'>, shaOf: (path: RepoPath) => BlobSha | undefined, reader: BlobReader): Promise<Map<RepoPath, FileLines>> {
    const wanted = new Map<BlobSha, Set<number>>();
    const files: Array<[RepoPath, BlobSha]> = [];
    for (const [file, lines] of framedLines(result, this.frames)) {
      const sha = shaOf(file);
      if (!sha) continue;
      files.push([file, sha]);
      const all = wanted.get(sha) ?? new Set<number>();
      for (const n of lines) all.add(n);
      wanted.set(sha, all);
    }
    const next = new Map<BlobSha, FileLines>();
    // Read at once, not one after another: hundreds of files, each a round trip to the disk or git.
    await Promise.all(
      [...wanted].map(async ([sha, lines]) => {
        const kept = this.kept.get(sha);
        if (kept && [...lines].every((n) => kept.has(n))) return void next.set(sha, kept);
        try {
          next.set(sha, linesOf(await reader.read(sha), lines));
        } catch {
          // A code frame is a nicety; the verdict does not depend on it.
        }
      }),
    );
    this.kept = next;
    const out = new Map<RepoPath, FileLines>();
    for (const [file, sha] of files) {
      const got = next.get(sha);
      if (got) out.set(file, got);
    }
    return out;
  }
}
