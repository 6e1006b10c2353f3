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

const HASH = 35;
const DQUOTE = 34;
const SQUOTE = 39;
const BACKSLASH = 92;
const NEWLINE = 10;
const CARRIAGE_RETURN = 13;

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
  // Char codes, not one-character strings: this runs over every byte of a cold index.
  for (let i = 0; i < text.length; i++) {
    switch (text.charCodeAt(i)) {
      case HASH:
        i = lineEnd(text, i);
        break;
      case DQUOTE:
      case SQUOTE:
        i = stringEnd(text, i) - 1;
        break;
      case 40: // (
      case 91: // [
      case 123: // {
        if (++depth > max) blank(i);
        break;
      case 41: // )
      case 93: // ]
      case 125: // }
        if (depth > max) blank(i);
        if (depth > 0) depth--;
        break;
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

/** Offset of the line break ending the line at `from` (any of `\n`, `\r\n`, `\r`), or the text's length. */
function lineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE || c === CARRIAGE_RETURN) return i;
  }
  return text.length;
}

/** Offset just past the string literal opening at `start` (prefix letters are plain text before it). */
function stringEnd(text: string, start: number): number {
  const q = text.charCodeAt(start);
  const triple = text.charCodeAt(start + 1) === q && text.charCodeAt(start + 2) === q;
  const length = triple ? 3 : 1;
  for (let i = start + length; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // A backslash escapes the next character, or continues the string across a `\r\n` whole.
    if (c === BACKSLASH) i += text.charCodeAt(i + 1) === CARRIAGE_RETURN && text.charCodeAt(i + 2) === NEWLINE ? 2 : 1;
    else if (!triple && (c === NEWLINE || c === CARRIAGE_RETURN)) return i;
    else if (c === q && (!triple || (text.charCodeAt(i + 1) === q && text.charCodeAt(i + 2) === q))) return i + length;
  }
  return text.length;
}
