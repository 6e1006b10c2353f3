import type { Position } from '../model/index.js';

/**
 * Offset -> 1-based line/column, by binary search over line starts. Lines end
 * as CPython ends them: `\n`, `\r\n` or a lone `\r` (old Mac files; lezer reads them the same way).
 */
export function lineIndex(text: string): (offset: number) => Position {
  const starts = [0];
  // Char codes, not a regular expression's matches: this runs once per file of a cold index.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
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
