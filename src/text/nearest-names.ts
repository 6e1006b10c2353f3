/** Edit distance (insert, delete, substitute, swap two neighbours), stopping early past `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
      if (d < best) best = d;
    }
    if (best > limit) return limit + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The few candidates a typo most likely meant: close in spelling (a third of
 * the length, at least two edits), or, for dotted and slashed names, ending
 * in the same last part (a module moved to another package). Nearest first.
 */
export function nearestNames(wanted: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  const last = lastPart(wanted);
  const scored: Array<[string, number]> = [];
  for (const c of candidates) {
    if (c === wanted) continue;
    const d = editDistance(wanted, c, limit);
    if (d <= limit) scored.push([c, d]);
    else if (last !== wanted && lastPart(c) === last) scored.push([c, limit + 1]);
  }
  scored.sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1));
  return scored.slice(0, max).map(([c]) => c);
}

const lastPart = (name: string): string => name.slice(Math.max(name.lastIndexOf('.'), name.lastIndexOf('/'), name.lastIndexOf('#')) + 1);

/** ` (did you mean a, b?)`, or nothing. */
export function didYouMean(names: readonly string[]): string {
  return names.length ? ` (did you mean ${names.join(', ')}?)` : '';
}
