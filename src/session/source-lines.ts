import type { BlobReader, BlobSha, RepoPath } from '../model/index.js';

/**
 * One file's text, its lines found when first asked for: a full check of
 * real code names hundreds of files (its warnings) and a JSON report prints
 * none of their lines, where splitting them all cost 70 ms.
 */
export class SourceText {
  private starts: number[] | null = null;

  constructor(private readonly text: string) {}

  /** Line `n` (1-based) without its end, as CPython ends lines (`\n`, `\r\n`, a lone `\r`); undefined past the end. */
  line(n: number): string | undefined {
    const starts = (this.starts ??= lineStarts(this.text));
    if (n < 1 || n > starts.length) return undefined;
    const from = starts[n - 1]!;
    let to = n < starts.length ? starts[n]! : this.text.length;
    if (n < starts.length) to -= this.text.charCodeAt(to - 1) === 10 && this.text.charCodeAt(to - 2) === 13 ? 2 : 1;
    return this.text.slice(from, to);
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    for (let lf = text.indexOf('\n'); lf >= 0; lf = text.indexOf('\n', lf + 1)) starts.push(lf + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/**
 * Texts of the files verdicts name, for code frames, kept by blob: a
 * long-lived session names mostly the same files check after check (a save
 * changes one), so each blob is read once, not on every save (a sixth of a
 * daemon's save -> verdict on a real 10,000-file repository with 800
 * warnings). It holds what the last verdict named, no more.
 */
export class SourceLines {
  private kept = new Map<BlobSha, SourceText>();

  async of(files: Iterable<RepoPath>, shaOf: (path: RepoPath) => BlobSha | undefined, reader: BlobReader): Promise<Map<RepoPath, SourceText>> {
    const next = new Map<BlobSha, Promise<SourceText | null>>();
    const named: Array<[RepoPath, BlobSha]> = [];
    for (const file of files) {
      const sha = shaOf(file);
      if (!sha) continue;
      named.push([file, sha]);
      if (next.has(sha)) continue;
      const kept = this.kept.get(sha);
      // Read at once, not one after another: hundreds of files, each a round trip to the disk or git.
      next.set(
        sha,
        kept
          ? Promise.resolve(kept)
          : reader.read(sha).then(
              (bytes) => new SourceText(bytes.toString('utf8')),
              // A code frame is a nicety; the verdict does not depend on it.
              () => null,
            ),
      );
    }
    const texts = new Map<BlobSha, SourceText>();
    await Promise.all(
      [...next].map(async ([sha, read]) => {
        const got = await read;
        if (got) texts.set(sha, got);
      }),
    );
    this.kept = texts;
    const out = new Map<RepoPath, SourceText>();
    for (const [file, sha] of named) {
      const got = texts.get(sha);
      if (got) out.set(file, got);
    }
    return out;
  }
}
