/**
 * Token kinds of the fast Python tokenizer (tokenizer.ts). Punctuation has a
 * kind of its own where the statement parser tells it apart; every other
 * operator is OP. Numbers, so a token stream is three typed arrays.
 */
export const T = {
  END: 0,
  NAME: 1,
  NUMBER: 2,
  /** A complete non-f string literal, prefix and quotes included. */
  STRING: 3,
  /** An f-string's prefix and opening quote; its fields follow, then FSTRING_END. */
  FSTRING_START: 4,
  FSTRING_END: 5,
  /** `{` opening a replacement field of an f-string (also one nested in a format spec). */
  FIELD_START: 6,
  /** `}` closing a replacement field. */
  FIELD_END: 7,
  /** `!r`, `!s`, `!a` of a replacement field. */
  FIELD_CONVERSION: 8,
  /** `:` opening a replacement field's format spec (its literal text is not a token). */
  FIELD_SPEC: 9,
  /** `=` of a self-documenting field, `f"{x=}"`. */
  FIELD_SELF_DOC: 10,
  NEWLINE: 11,
  INDENT: 12,
  DEDENT: 13,
  LPAR: 14,
  RPAR: 15,
  LSQB: 16,
  RSQB: 17,
  LBRACE: 18,
  RBRACE: 19,
  COMMA: 20,
  DOT: 21,
  COLON: 22,
  SEMI: 23,
  /** `=` of an assignment, a keyword argument or a default. */
  EQUAL: 24,
  AT: 25,
  STAR: 26,
  DOUBLE_STAR: 27,
  ARROW: 28,
  WALRUS: 29,
  /** `+=`, `>>=`, ...: every augmented assignment. */
  AUG_ASSIGN: 30,
  ELLIPSIS: 31,
  /** Any other operator: arithmetic, bitwise, comparison (`-`, `~`, `<=`, ...). */
  OP: 32,
} as const;

export type TokenKind = (typeof T)[keyof typeof T];

/** A token stream: token n is kinds[n] over text[starts[n], ends[n]); the last is END. */
export interface Tokens {
  readonly count: number;
  readonly kinds: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** [start, end) of every comment, in order, without the line break. */
  readonly comments: readonly number[];
}
