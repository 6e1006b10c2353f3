import type { Position } from '../model/index.js';

/**
 * Offset -> 1-based line/column, by binary search over line starts. Lines end
 * as CPython ends them: `\n`, `\r\n` or a lone `\r` (old Mac files; lezer reads them the same way).
 */
export function lineIndex(text: string): (offset: number) => Position {
  const starts = [0];
  for (const m of text.matchAll(/\r\n?|\n/g)) starts.push(m.index + m[0].length);
  return (offset) => {
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
