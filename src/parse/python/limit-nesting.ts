/**
 * CPython refuses more than 200 nested brackets ("too many nested
 * parentheses"); lezer has no such limit, and building the tree of a list
 * nested ten thousand deep overflows the JS stack. Brackets beyond that depth
 * are blanked to spaces before parsing: offsets and lines stay where they
 * were, the file is invalid Python either way (so a warning is due), and the
 * imports around the deep expression are still read.
 */
export const MAX_BRACKET_DEPTH = 200;

export interface LimitedNesting {
  readonly text: string;
  /** Offset of the first bracket past the limit, or -1 when the text was left alone. */
  readonly firstTooDeep: number;
}

const OPEN = new Set(['(', '[', '{']);
const CLOSE = new Set([')', ']', '}']);

export function limitNesting(text: string, max: number = MAX_BRACKET_DEPTH): LimitedNesting {
  // Cheap exit for the common file: fewer opening brackets than the limit cannot nest past it.
  if (countOpeners(text, max) <= max) return { text, firstTooDeep: -1 };
  let depth = 0;
  let firstTooDeep = -1;
  const out: string[] = [];
  let copiedTo = 0;
  const blank = (i: number): void => {
    out.push(text.slice(copiedTo, i), ' ');
    copiedTo = i + 1;
    if (firstTooDeep < 0) firstTooDeep = i;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === '"' || c === "'") {
      i = stringEnd(text, i) - 1;
    } else if (OPEN.has(c)) {
      if (++depth > max) blank(i);
    } else if (CLOSE.has(c)) {
      if (depth > max) blank(i);
      if (depth > 0) depth--;
    }
  }
  if (firstTooDeep < 0) return { text, firstTooDeep: -1 };
  out.push(text.slice(copiedTo));
  return { text: out.join(''), firstTooDeep };
}

function countOpeners(text: string, stopAt: number): number {
  let n = 0;
  for (let i = 0; i < text.length && n <= stopAt; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) n++;
  }
  return n;
}

/** Offset just past the string literal opening at `start` (prefix letters are plain text before it). */
function stringEnd(text: string, start: number): number {
  const q = text[start]!;
  const triple = text.startsWith(q + q + q, start);
  const quote = triple ? q + q + q : q;
  for (let i = start + quote.length; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') i++;
    else if (!triple && c === '\n') return i;
    else if (c === q && text.startsWith(quote, i)) return i + quote.length;
  }
  return text.length;
}
