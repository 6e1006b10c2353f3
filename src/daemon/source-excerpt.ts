import type { CheckResult, Frames, RepoPath } from '../model/index.js';
import { framedLines } from '../session/source-lines.js';
import type { SourceExcerpt } from './protocol.js';

/**
 * Pure: the source lines a reporter may draw a code frame from (framedLines),
 * so the client prints the same report as the in-process path without
 * reading blobs itself. `frames`: the lines the session's verdicts carry;
 * asking for others would only find nothing.
 */
export function sourceExcerpt(result: CheckResult, sourceLine: (file: RepoPath, line: number) => string | undefined, frames: Frames): SourceExcerpt {
  const out: SourceExcerpt = {};
  for (const [file, lines] of framedLines(result, frames)) {
    for (const line of lines) {
      const text = sourceLine(file, line);
      if (text !== undefined) (out[file] ??= {})[line] = text;
    }
  }
  return out;
}
