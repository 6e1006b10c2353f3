import type { Position } from '../model/index.js';

const LF = 10;
const CR = 13;

/**
 * Offset -> 1-based line/column, by binary search over line starts. Lines end
 * as CPython ends them: `\n`, `\r\n` or a lone `\r` (old Mac files; lezer reads them the same way).
 *
 * Line starts are found only as far as the offsets asked need (a file's
 * facts are mostly near its top), by `indexOf` where the text has no `\r`:
 * made once per file of a cold index, a loop over every character cost 5%
 * of a parse.
 */
export function lineIndex(text: string): (offset: number) => Position {
  const starts = [0];
  const plain = !text.includes('\r');
  // Every line start up to `scanned` is in `starts`.
  let scanned = 0;
  const scanPast = (offset: number): void => {
    while (scanned < text.length && starts[starts.length - 1]! < offset) {
      if (plain) {
        const lf = text.indexOf('\n', scanned);
        if (lf < 0) scanned = text.length;
        else starts.push((scanned = lf + 1));
        continue;
      }
      const c = text.charCodeAt(scanned++);
      if (c === LF) starts.push(scanned);
      else if (c === CR) {
        if (text.charCodeAt(scanned) === LF) scanned++;
        starts.push(scanned);
      }
    }
  };
  return (offset) => {
    scanPast(offset);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}
