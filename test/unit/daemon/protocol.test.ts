import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { isProof, lineSplitter, newNonce, parseRequest, proofOf, sourceLineOf } from '../../../src/daemon/protocol.js';
import { asRepoPath } from '../../../src/model/index.js';

describe('lineSplitter', () => {
  it('reassembles lines split across chunks and splits chunks holding several', () => {
    const lines: string[] = [];
    const feed = lineSplitter((l) => lines.push(l));
    for (const chunk of ['{"a":', '1}\n{"b"', ':2}\n{"c":3}\n', '{"d"']) assert.equal(feed(Buffer.from(chunk)), true);
    assert.deepEqual(lines, ['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('does not split a multi-byte character cut between chunks', () => {
    const lines: string[] = [];
    const feed = lineSplitter((l) => lines.push(l));
    const bytes = Buffer.from('"héllo"\n');
    feed(bytes.subarray(0, 3));
    feed(bytes.subarray(3));
    assert.deepEqual(lines, ['"héllo"']);
  });

  it('refuses a line longer than the limit instead of buffering it', () => {
    const feed = lineSplitter(() => assert.fail('no line expected'), 16);
    assert.equal(feed(Buffer.from('x'.repeat(10))), true);
    assert.equal(feed(Buffer.from('x'.repeat(10))), false);
  });
});

describe('parseRequest', () => {
  const ok = { id: 1, v: 1, toolVersion: '0.1.0', method: 'check', params: { mode: 'staged' } };
  const table: Array<[string, string, string | null]> = [
    ['a well-formed request', JSON.stringify(ok), null],
    ['not JSON', '{nope', 'not JSON'],
    ['an array', '[]', 'not a JSON object'],
    ['no id', JSON.stringify({ ...ok, id: undefined }), '"id"'],
    ['no protocol version', JSON.stringify({ ...ok, v: '1' }), '"v"'],
    ['no tool version', JSON.stringify({ ...ok, toolVersion: 1 }), 'toolVersion'],
    ['no method', JSON.stringify({ ...ok, method: 3 }), 'method'],
    ['params not an object', JSON.stringify({ ...ok, params: [1] }), 'params'],
  ];
  for (const [name, line, error] of table) {
    it(`${error ? 'rejects' : 'accepts'} ${name}`, () => {
      const r = parseRequest(line);
      if (error === null) assert.ok('request' in r);
      else assert.ok('error' in r && r.error.includes(error), JSON.stringify(r));
    });
  }
  it('keeps the id of a malformed request so the client can match the error', () => {
    const r = parseRequest(JSON.stringify({ id: 7, v: 1 }));
    assert.ok('error' in r && r.id === 7);
  });
});

describe('sourceLineOf', () => {
  it('serves excerpt lines and nothing else (no prototype keys)', () => {
    const line = sourceLineOf({ 'a.py': { 3: 'import x' } });
    assert.equal(line(asRepoPath('a.py'), 3), 'import x');
    assert.equal(line(asRepoPath('a.py'), 4), undefined);
    assert.equal(line(asRepoPath('constructor'), 1), undefined);
  });
});

describe('proofOf and isProof', () => {
  it("is node:crypto's HMAC-SHA256 of the proof text, so daemons and clients of other builds agree", () => {
    for (const secret of ['s3cret', 'é'.repeat(40), 'k'.repeat(200)]) {
      const nonce = newNonce();
      assert.match(nonce, /^[0-9a-f]{32}$/);
      const expected = createHmac('sha256', secret).update(`ssot-guard daemon proof ${nonce}`).digest('hex');
      assert.equal(proofOf(secret, nonce), expected);
    }
  });

  it('takes the same proof alone, not one that differs in any character or length, nor a non-string', () => {
    const expected = proofOf('secret', 'nonce');
    assert.equal(isProof(expected, expected), true);
    for (let i = 0; i < expected.length; i += 7) {
      const wrong = expected.slice(0, i) + (expected[i] === '0' ? '1' : '0') + expected.slice(i + 1);
      assert.equal(isProof(expected, wrong), false, `differs at ${i}`);
    }
    assert.equal(isProof(expected, expected.slice(1)), false);
    assert.equal(isProof(expected, `${expected}0`), false);
    assert.equal(isProof(expected, undefined), false);
    assert.equal(isProof(expected, 42), false);
  });
});
