import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { asRepoPath, type BlobSha } from '../../../src/model/index.js';
import { SourceLines, type SourceText } from '../../../src/session/source-lines.js';

/** Every line of a text, as the old split did: what a code frame may ask for. */
const linesOf = (text: SourceText | undefined): Array<string | undefined> => {
  const out = [];
  for (let n = 1; text?.line(n) !== undefined; n++) out.push(text.line(n));
  return out;
};

const a = asRepoPath('app/a.py');
const b = asRepoPath('app/b.py');

/** A reader over fixed blobs that counts what it is asked. */
function countingReader(blobs: Record<string, string>) {
  const reads: string[] = [];
  return { reads, reader: { read: async (sha: BlobSha) => (reads.push(sha), Buffer.from(blobs[sha]!)), candidateFile: () => null, close: () => {} } };
}

describe('SourceLines: the lines of the files a verdict names', () => {
  it('reads each blob once across verdicts, and a changed blob again', async () => {
    const { reads, reader } = countingReader({ s1: 'x = 1\r\ny = 2\n', s2: 'z = 3\rw\n', s3: 'x = 10\n' });
    const lines = new SourceLines();
    let shas: Record<string, BlobSha> = { [a]: 's1' as BlobSha, [b]: 's2' as BlobSha };
    const first = await lines.of([a, b], (p) => shas[p], reader);
    assert.deepEqual(linesOf(first.get(a)), ['x = 1', 'y = 2', '']);
    assert.deepEqual(linesOf(first.get(b)), ['z = 3', 'w', '']);
    await lines.of([a, b], (p) => shas[p], reader);
    assert.deepEqual(reads, ['s1', 's2'], 'the same blobs are not read again');
    shas = { [a]: 's3' as BlobSha, [b]: 's2' as BlobSha };
    const third = await lines.of([a, b], (p) => shas[p], reader);
    assert.deepEqual(linesOf(third.get(a)), ['x = 10', '']);
    assert.deepEqual(reads, ['s1', 's2', 's3'], 'only the changed blob is read');
  });

  it('ends lines at \\n, \\r\\n and a lone \\r, in texts with and without \\r', async () => {
    const { reader } = countingReader({ plain: 'a\n\nb', mixed: 'a\r\n\rb\n\r\nc' });
    const lines = new SourceLines();
    const got = await lines.of([a, b], (p) => (p === a ? ('plain' as BlobSha) : ('mixed' as BlobSha)), reader);
    assert.deepEqual(linesOf(got.get(a)), ['a', '', 'b']);
    assert.deepEqual(linesOf(got.get(b)), ['a', '', 'b', '', 'c']);
    assert.equal(got.get(a)!.line(0), undefined);
  });

  it('keeps only what the last verdict named, and skips a blob it cannot read', async () => {
    const { reads, reader } = countingReader({ s1: 'x = 1\n' });
    const lines = new SourceLines();
    const shaOf = (p: string) => (p === a ? ('s1' as BlobSha) : ('gone' as BlobSha));
    assert.deepEqual([...(await lines.of([a, b], shaOf, { ...reader, read: async (sha: BlobSha) => (sha === 'gone' ? Promise.reject(new Error('no such blob')) : reader.read(sha)) })).keys()], [a]);
    await lines.of([b], shaOf, { ...reader, read: async () => Promise.reject(new Error('no such blob')) });
    await lines.of([a], shaOf, reader);
    assert.deepEqual(reads, ['s1', 's1'], 'a blob the last verdict did not name is read again');
  });
});
