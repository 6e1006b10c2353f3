import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize } from '../../src/parse/python/fast/tokenizer.js';
import { T } from '../../src/parse/python/fast/token-kinds.js';

const NAMES = new Map<number, string>(Object.entries(T).map(([k, v]) => [v, k]));

/** The tokens of `src` as `KIND:text`, or null when the tokenizer leaves it to lezer. */
function tokens(src: string): string[] | null {
  const t = tokenize(src);
  if (!t) return null;
  const out: string[] = [];
  for (let i = 0; i < t.count; i++) out.push(`${NAMES.get(t.kinds[i]!)}:${src.slice(t.starts[i], t.ends[i])}`);
  return out;
}

describe('fast Python tokenizer', () => {
  it('names, numbers, operators and NEWLINE', () => {
    assert.deepStrictEqual(tokens('x.y += 1_0 ** -2.5e3j\n'), ['NAME:x', 'DOT:.', 'NAME:y', 'AUG_ASSIGN:+=', 'NUMBER:1_0', 'DOUBLE_STAR:**', 'OP:-', 'NUMBER:2.5e3j', 'NEWLINE:', 'END:']);
  });
  it('INDENT and DEDENT; blank and comment lines do not count', () => {
    assert.deepStrictEqual(tokens('if a:\n    b\n\n  # c\n    d\ne\n'), [
      'NAME:if', 'NAME:a', 'COLON::', 'NEWLINE:', 'INDENT:', 'NAME:b', 'NEWLINE:', 'NAME:d', 'NEWLINE:', 'DEDENT:', 'NAME:e', 'NEWLINE:', 'END:',
    ]);
  });
  it('a tab goes to the next multiple of eight, a form feed resets the column', () => {
    assert.deepStrictEqual(tokens('if a:\n\tb\n        c\n'), ['NAME:if', 'NAME:a', 'COLON::', 'NEWLINE:', 'INDENT:', 'NAME:b', 'NEWLINE:', 'NAME:c', 'NEWLINE:', 'DEDENT:', 'END:']);
    assert.deepStrictEqual(tokens('a\n\x0cb\n'), ['NAME:a', 'NEWLINE:', 'NAME:b', 'NEWLINE:', 'END:']);
  });
  it('no NEWLINE inside brackets or after a backslash continuation', () => {
    assert.deepStrictEqual(tokens('f(a,\n  b) \\\n + c\n'), ['NAME:f', 'LPAR:(', 'NAME:a', 'COMMA:,', 'NAME:b', 'RPAR:)', 'OP:+', 'NAME:c', 'NEWLINE:', 'END:']);
  });
  it('strings with every prefix are one token each', () => {
    assert.deepStrictEqual(tokens(`r'\\'' b"x" Rb'y' bR"z" u'w' '''a\n'b'''\n`), ["STRING:r'\\''", 'STRING:b"x"', "STRING:Rb'y'", 'STRING:bR"z"', "STRING:u'w'", "STRING:'''a\n'b'''", 'NEWLINE:', 'END:']);
  });
  it("an f-string's fields are code; its spec's nested fields too; `{{` is text", () => {
    assert.deepStrictEqual(tokens('f"a{{b}} {x!r:>{w}} {y=}"\n'), [
      'FSTRING_START:f"', 'FIELD_START:{', 'NAME:x', 'FIELD_CONVERSION:!r', 'FIELD_SPEC::', 'FIELD_START:{', 'NAME:w', 'FIELD_END:}', 'FIELD_END:}',
      'FIELD_START:{', 'NAME:y', 'FIELD_SELF_DOC:=', 'FIELD_END:}', 'FSTRING_END:"', 'NEWLINE:', 'END:',
    ]);
  });
  it('comments are kept apart, as [start, end) pairs', () => {
    const t = tokenize('a  # one\n# two\n')!;
    assert.deepStrictEqual(t.comments, [3, 8, 9, 14]);
  });
  it('non-ASCII names', () => {
    assert.deepStrictEqual(tokens('π = naïve\n'), ['NAME:π', 'EQUAL:=', 'NAME:naïve', 'NEWLINE:', 'END:']);
  });
  const refused: Array<[string, string]> = [
    ['an unterminated string', '"abc\n'],
    ['an unknown prefix', "ur'x'\n"],
    ['a `$`', 'a $ b\n'],
    ['a number run into a name', 'x = 1if y else 2\n'],
    ['a same-quote string in a field (3.12)', 'f"{"a"}"\n'],
    ['a backslash in a field', 'f"{a\\\n}"\n'],
    ['`<>`', 'a <> b\n'],
    ['unbalanced brackets', '(a\n'],
  ];
  for (const [name, src] of refused) it(`leaves to lezer: ${name}`, () => assert.equal(tokenize(src), null));
});
