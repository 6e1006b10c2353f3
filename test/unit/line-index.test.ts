import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { lineIndex } from '../../src/parse/line-index.js';

/** Line and column of every offset, by walking the text once: what lineIndex must answer, in any order of asking. */
function walked(text: string): Array<{ line: number; column: number }> {
  const out = [];
  let line = 1;
  let column = 1;
  for (let i = 0; i <= text.length; i++) {
    out.push({ line, column });
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      column = 1;
    } else column++;
  }
  return out;
}

describe('lineIndex', () => {
  it('ends lines at \\n, \\r\\n and a lone \\r, as CPython does', () => {
    const pos = lineIndex('a\nb\r\nc\rd');
    assert.deepEqual([0, 2, 5, 7].map(pos), [
      { line: 1, column: 1 },
      { line: 2, column: 1 },
      { line: 3, column: 1 },
      { line: 4, column: 1 },
    ]);
    // The \n of a \r\n is on the line the \r ends.
    assert.deepEqual(pos(4), { line: 2, column: 3 });
  });

  it('answers every offset of mixed texts, asked backwards, forwards and at random', () => {
    let seed = 11;
    const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const pieces = ['x', 'yy', ' ', '\n', '\n', '\r\n', '\r', '\n\n'];
    for (let round = 0; round < 200; round++) {
      // Half the texts have no \r at all: the indexOf path.
      const allowed = round % 2 ? pieces : pieces.filter((p) => !p.includes('\r'));
      const text = Array.from({ length: random(40) }, () => allowed[random(allowed.length)]!).join('');
      const expected = walked(text);
      const offsets = Array.from({ length: text.length + 1 }, (_, i) => i);
      const orders = [offsets, [...offsets].reverse(), offsets.map(() => random(text.length + 1))];
      for (const order of orders) {
        const pos = lineIndex(text);
        for (const o of order) assert.deepEqual(pos(o), expected[o], `offset ${o} of ${JSON.stringify(text)}`);
      }
    }
  });
});
