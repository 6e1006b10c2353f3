/**
 * Python's lexical analysis (the language reference, chapter 2) over decoded
 * text, for the fast fact extractor: NAME, NUMBER, STRING, f-strings with
 * their replacement fields as code, NEWLINE / INDENT / DEDENT, implicit
 * joining inside brackets, backslash continuation, comments. Returns null
 * where it is not sure it reads the text as lezer's grammar does (a
 * tokenizer error, a construct it leaves to lezer): the caller falls back.
 * Char-code switches, not regular expressions: this runs over every byte of
 * a cold index.
 */
import { MAX_BRACKET_DEPTH } from '../limit-nesting.js';
import { T, type TokenKind, type Tokens } from './token-kinds.js';
import { giveUp as give, NOT_MODELLED } from './not-modelled.js';

const TAB = 9;
const LF = 10;
const FF = 12;
const CR = 13;
const SPACE = 32;
const BANG = 33;
const DQUOTE = 34;
const HASH = 35;
const PERCENT = 37;
const AMP = 38;
const SQUOTE = 39;
const LPAR = 40;
const RPAR = 41;
const STAR = 42;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const SLASH = 47;
const COLON = 58;
const SEMI = 59;
const LT = 60;
const EQ = 61;
const GT = 62;
const AT = 64;
const LSQB = 91;
const BACKSLASH = 92;
const RSQB = 93;
const CARET = 94;
const LBRACE = 123;
const PIPE = 124;
const RBRACE = 125;
const TILDE = 126;

/** ASCII character classes, one lookup instead of a chain of comparisons: bit 1 starts a name, bit 2 continues one. */
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
  ASCII_CLASS[c] = (letter ? 1 : 0) | (letter || (c >= 48 && c <= 57) ? 2 : 0);
}

/** A-Z a-z _ and, as lezer's grammar has it, every code unit from U+00A1 (surrogates included). */
function isNameStart(c: number): boolean {
  return c < 128 ? (ASCII_CLASS[c]! & 1) !== 0 : c >= 0xa1;
}

function isNameChar(c: number): boolean {
  return c < 128 ? (ASCII_CLASS[c]! & 2) !== 0 : c >= 0xa1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}


/** Growable token arrays, reused across calls (the extractor is synchronous, so one set serves). */
let kinds = new Uint8Array(4096);
let starts = new Int32Array(4096);
let ends = new Int32Array(4096);

function grow(): void {
  const k = new Uint8Array(kinds.length * 2);
  k.set(kinds);
  kinds = k;
  const s = new Int32Array(starts.length * 2);
  s.set(starts);
  starts = s;
  const e = new Int32Array(ends.length * 2);
  e.set(ends);
  ends = e;
}

/** String prefixes lezer's grammar reads (u, b, r, br, rb, f, rf, fr, any case), as flags; -1 for any other word. */
const RAW = 1;
const FORMAT = 2;
const BYTES = 4;

function prefixFlags(text: string, from: number, to: number): number {
  let flags = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) | 32;
    const bit = c === 114 ? RAW : c === 102 ? FORMAT : c === 98 ? BYTES : c === 117 ? 8 : -1;
    if (bit < 0 || flags & bit) return -1;
    flags |= bit;
  }
  // u combines with nothing; f with b is not Python.
  if (flags & 8 && flags !== 8) return -1;
  if (flags & FORMAT && flags & BYTES) return -1;
  return flags & 7;
}

class Tokenizer {
  private n = 0;
  private pos = 0;
  private depth = 0;
  private readonly indents: number[] = [0];
  readonly comments: number[] = [];

  constructor(private readonly text: string) {}

  private push(kind: TokenKind, start: number, end: number): void {
    if (this.n === kinds.length) grow();
    kinds[this.n] = kind;
    starts[this.n] = start;
    ends[this.n] = end;
    this.n++;
  }

  run(): Tokens {
    const text = this.text;
    const len = text.length;
    let lineHasTokens = false;
    let atLineStart = true;
    while (this.pos < len || atLineStart) {
      if (atLineStart) {
        atLineStart = false;
        if (!this.lineStart()) break;
        continue;
      }
      const c = text.charCodeAt(this.pos);
      switch (c) {
        case SPACE:
        case TAB:
        case FF:
          this.pos++;
          continue;
        case HASH:
          this.comment();
          continue;
        case LF:
        case CR: {
          this.pos += c === CR && text.charCodeAt(this.pos + 1) === LF ? 2 : 1;
          if (this.depth > 0) continue;
          if (lineHasTokens) this.push(T.NEWLINE, this.pos, this.pos);
          lineHasTokens = false;
          atLineStart = true;
          continue;
        }
        case BACKSLASH: {
          const next = text.charCodeAt(this.pos + 1);
          // A continuation on a line with no token yet leaves the logical line's indentation to rules lezer reads otherwise.
          if ((next !== LF && next !== CR) || (!lineHasTokens && this.depth === 0)) give();
          this.pos += next === CR && text.charCodeAt(this.pos + 2) === LF ? 3 : 2;
          if (this.pos >= len) give();
          continue;
        }
      }
      lineHasTokens = true;
      this.token(c, false);
    }
    if (this.depth !== 0) give();
    if (lineHasTokens) this.push(T.NEWLINE, len, len);
    for (let i = 1; i < this.indents.length; i++) this.push(T.DEDENT, len, len);
    this.push(T.END, len, len);
    return { count: this.n, kinds, starts, ends, comments: this.comments };
  }

  /** Indentation of a line at bracket depth 0: INDENT / DEDENT as the reference computes them; false at the end of the text. */
  private lineStart(): boolean {
    const text = this.text;
    let col = 0;
    let p = this.pos;
    for (;; p++) {
      const c = text.charCodeAt(p);
      if (c === SPACE) col++;
      else if (c === TAB) col += 8 - (col % 8);
      else if (c === FF) col = 0;
      else break;
    }
    this.pos = p;
    if (p >= text.length) return false;
    const c = text.charCodeAt(p);
    // Blank and comment-only lines leave the indentation alone.
    if (c === LF || c === CR || c === HASH) return true;
    const top = this.indents[this.indents.length - 1]!;
    if (col > top) {
      this.indents.push(col);
      this.push(T.INDENT, p, p);
    } else if (col < top) {
      while (col < this.indents[this.indents.length - 1]!) {
        this.indents.pop();
        this.push(T.DEDENT, p, p);
      }
      // CPython refuses a dedent to a column no enclosing block started at; lezer reads it otherwise.
      if (col !== this.indents[this.indents.length - 1]) give();
    }
    return true;
  }

  private comment(): void {
    const text = this.text;
    const start = this.pos;
    let p = start;
    while (p < text.length) {
      const c = text.charCodeAt(p);
      if (c === LF || c === CR) break;
      p++;
    }
    this.comments.push(start, p);
    this.pos = p;
  }

  /** One token starting with `c` at this.pos (not space, comment or line break). In a replacement field, `field` is true. */
  private token(c: number, field: boolean): void {
    const text = this.text;
    const start = this.pos;
    if (isNameStart(c)) {
      let p = start + 1;
      while (p < text.length && isNameChar(text.charCodeAt(p))) p++;
      const q = text.charCodeAt(p);
      if (q === DQUOTE || q === SQUOTE) {
        const flags = p - start <= 2 ? prefixFlags(text, start, p) : -1;
        if (flags < 0) give();
        this.pos = p;
        this.string(start, flags, field);
        return;
      }
      this.pos = p;
      this.push(T.NAME, start, p);
      return;
    }
    if (isDigit(c) || (c === DOT && isDigit(text.charCodeAt(start + 1)))) {
      this.number();
      return;
    }
    switch (c) {
      case DQUOTE:
      case SQUOTE:
        this.string(start, 0, field);
        return;
      case LPAR:
      case LSQB:
      case LBRACE:
        if (++this.depth > MAX_BRACKET_DEPTH) give();
        this.op(c === LPAR ? T.LPAR : c === LSQB ? T.LSQB : T.LBRACE, 1);
        return;
      case RPAR:
      case RSQB:
      case RBRACE:
        if (--this.depth < 0) give();
        this.op(c === RPAR ? T.RPAR : c === RSQB ? T.RSQB : T.RBRACE, 1);
        return;
      case COMMA:
        this.op(T.COMMA, 1);
        return;
      case SEMI:
        this.op(T.SEMI, 1);
        return;
      case DOT:
        if (text.charCodeAt(start + 1) === DOT && text.charCodeAt(start + 2) === DOT) this.op(T.ELLIPSIS, 3);
        else this.op(T.DOT, 1);
        return;
      case COLON:
        if (text.charCodeAt(start + 1) === EQ) this.op(T.WALRUS, 2);
        else this.op(T.COLON, 1);
        return;
      case EQ:
        if (text.charCodeAt(start + 1) === EQ) this.op(T.OP, 2);
        else this.op(T.EQUAL, 1);
        return;
      case TILDE:
        this.op(T.OP, 1);
        return;
      case BANG:
        if (text.charCodeAt(start + 1) !== EQ) give();
        this.op(T.OP, 2);
        return;
      case MINUS:
        if (text.charCodeAt(start + 1) === GT) {
          this.op(T.ARROW, 2);
          return;
        }
        this.arith(1);
        return;
      case PLUS:
      case PERCENT:
      case AMP:
      case PIPE:
      case CARET:
        this.arith(1);
        return;
      case AT:
        if (text.charCodeAt(start + 1) === EQ) this.op(T.AUG_ASSIGN, 2);
        else this.op(T.AT, 1);
        return;
      case STAR:
        if (text.charCodeAt(start + 1) === STAR) {
          if (text.charCodeAt(start + 2) === EQ) this.op(T.AUG_ASSIGN, 3);
          else this.op(T.DOUBLE_STAR, 2);
        } else if (text.charCodeAt(start + 1) === EQ) this.op(T.AUG_ASSIGN, 2);
        else this.op(T.STAR, 1);
        return;
      case SLASH:
        this.arith(text.charCodeAt(start + 1) === SLASH ? 2 : 1);
        return;
      case LT:
      case GT: {
        const next = text.charCodeAt(start + 1);
        if (next === c) this.arith(2);
        else if (next === EQ) this.op(T.OP, 2);
        else if (c === LT && next === GT) give(); // `<>`, Python 2
        else this.op(T.OP, 1);
        return;
      }
      default:
        give();
    }
  }

  private op(kind: TokenKind, length: number): void {
    this.push(kind, this.pos, this.pos + length);
    this.pos += length;
  }

  /** An arithmetic or bitwise operator `length` long, or its augmented assignment. */
  private arith(length: number): void {
    if (this.text.charCodeAt(this.pos + length) === EQ) this.op(T.AUG_ASSIGN, length + 1);
    else this.op(T.OP, length);
  }

  /** Lezer's Number token; a name character right after it (`1if`) is left to lezer. */
  private number(): void {
    const text = this.text;
    const start = this.pos;
    let p = start;
    const c1 = text.charCodeAt(p + 1) | 32;
    if (text.charCodeAt(p) === 48 && (c1 === 120 || c1 === 111 || c1 === 98)) {
      p += 2;
      const from = p;
      while (p < text.length) {
        const c = text.charCodeAt(p);
        const ok = c1 === 120 ? isDigit(c) || ((c | 32) >= 97 && (c | 32) <= 102) : c1 === 111 ? c >= 48 && c <= 55 : c === 48 || c === 49;
        if (!ok && c !== 95) break;
        p++;
      }
      if (p === from) give();
    } else {
      p = digits(text, p);
      if (text.charCodeAt(p) === DOT) p = digits(text, p + 1);
      if ((text.charCodeAt(p) | 32) === 101) {
        let e = p + 1;
        const sign = text.charCodeAt(e);
        if (sign === PLUS || sign === MINUS) e++;
        if (!isDigit(text.charCodeAt(e))) give();
        p = digits(text, e);
      }
      if ((text.charCodeAt(p) | 32) === 106) p++;
    }
    if (p < text.length && (isNameChar(text.charCodeAt(p)) || text.charCodeAt(p) === DOT)) give();
    this.push(T.NUMBER, start, p);
    this.pos = p;
  }

  /**
   * A string literal whose prefix starts at `start` and whose quote is at
   * this.pos. A plain one is one STRING token; an f-string is FSTRING_START,
   * its fields' tokens, FSTRING_END.
   */
  private string(start: number, flags: number, field: boolean): void {
    const text = this.text;
    const q = text.charCodeAt(this.pos);
    const long = text.charCodeAt(this.pos + 1) === q && text.charCodeAt(this.pos + 2) === q;
    const quoteLength = long ? 3 : 1;
    let p = this.pos + quoteLength;
    const raw = (flags & RAW) !== 0;
    if (!(flags & FORMAT)) {
      for (;;) {
        if (p >= text.length) give();
        const c = text.charCodeAt(p);
        if (c === BACKSLASH) {
          p += text.charCodeAt(p + 1) === CR && text.charCodeAt(p + 2) === LF ? 3 : 2;
        } else if (c === q && (!long || (text.charCodeAt(p + 1) === q && text.charCodeAt(p + 2) === q))) {
          p += quoteLength;
          break;
        } else if (c === LF || c === CR) {
          if (!long || field) give();
          p++;
        } else p++;
      }
      if (p > text.length) give();
      this.push(T.STRING, start, p);
      this.pos = p;
      return;
    }
    // 3.12's nested f-strings of the same quote are left to lezer; so is one nested in another's field at all.
    if (field) give();
    this.push(T.FSTRING_START, start, p);
    const openDepth = this.depth;
    for (;;) {
      if (p >= text.length) give();
      const c = text.charCodeAt(p);
      if (c === BACKSLASH) {
        const next = text.charCodeAt(p + 1);
        // `\{` is read one way by lezer and another by CPython; `\N{...}` names a character.
        if (next === LBRACE) give();
        if (!raw && next === 78 && text.charCodeAt(p + 2) === LBRACE) {
          p += 3;
          while (p < text.length && text.charCodeAt(p) !== RBRACE && text.charCodeAt(p) !== q && text.charCodeAt(p) !== LF) p++;
          if (text.charCodeAt(p) !== RBRACE) give();
          p++;
        } else p += next === CR && text.charCodeAt(p + 2) === LF ? 3 : 2;
      } else if (c === q && (!long || (text.charCodeAt(p + 1) === q && text.charCodeAt(p + 2) === q))) {
        this.push(T.FSTRING_END, p, p + quoteLength);
        p += quoteLength;
        break;
      } else if (c === LF || c === CR) {
        if (!long) give();
        p++;
      } else if (c === LBRACE) {
        if (text.charCodeAt(p + 1) === LBRACE) p += 2;
        else {
          this.pos = p;
          this.field(q, long);
          p = this.pos;
        }
      } else p++;
    }
    this.depth = openDepth;
    this.pos = p;
  }

  /** A replacement field at this.pos (`{`): `{expr!r:spec}`, its expression as tokens, fields nested in the spec too. */
  private field(q: number, long: boolean): void {
    const text = this.text;
    this.push(T.FIELD_START, this.pos, this.pos + 1);
    this.pos++;
    const base = ++this.depth;
    for (;;) {
      if (this.pos >= text.length) give();
      const c = text.charCodeAt(this.pos);
      if (c === SPACE || c === TAB || c === FF) {
        this.pos++;
        continue;
      }
      if (c === LF || c === CR) {
        if (!long) give();
        this.pos++;
        continue;
      }
      // Comments, backslashes and the string's own quote in a field are 3.12's.
      if (c === HASH || c === BACKSLASH || c === q) give();
      if (this.depth === base) {
        if (c === RBRACE) {
          this.depth--;
          this.op(T.FIELD_END, 1);
          return;
        }
        if (c === BANG && text.charCodeAt(this.pos + 1) !== EQ) {
          const k = text.charCodeAt(this.pos + 1);
          if (k !== 115 && k !== 114 && k !== 97) give();
          this.op(T.FIELD_CONVERSION, 2);
          continue;
        }
        if (c === COLON) {
          this.op(T.FIELD_SPEC, 1);
          this.spec(q, long);
          this.depth--;
          return;
        }
        if (c === EQ && text.charCodeAt(this.pos + 1) !== EQ) {
          this.op(T.FIELD_SELF_DOC, 1);
          continue;
        }
      }
      this.token(c, true);
    }
  }

  /** A format spec after its `:`: literal text up to the field's `}`, with nested fields. */
  private spec(q: number, long: boolean): void {
    const text = this.text;
    for (;;) {
      if (this.pos >= text.length) give();
      const c = text.charCodeAt(this.pos);
      if (c === RBRACE) {
        this.op(T.FIELD_END, 1);
        return;
      }
      if (c === LBRACE) this.field(q, long);
      else if (c === q || c === BACKSLASH || ((c === LF || c === CR) && !long)) give();
      else this.pos++;
    }
  }
}

function digits(text: string, p: number): number {
  while (p < text.length) {
    const c = text.charCodeAt(p);
    if (!isDigit(c) && c !== 95) break;
    p++;
  }
  return p;
}

/** The tokens of `text`, or null where the fast extractor should leave the file to lezer. */
export function tokenize(text: string): Tokens | null {
  try {
    return new Tokenizer(text).run();
  } catch (err) {
    if (err === NOT_MODELLED) return null;
    throw err;
  }
}
