import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { asRepoPath, type BlobSha, type RepoPath } from '../../../src/model/index.js';
import { linesOf, SourceLines } from '../../../src/session/source-lines.js';

const a = asRepoPath('app/a.py');
const b = asRepoPath('app/b.py');

/** A reader over fixed blobs that counts what it is asked. */
function countingReader(blobs: Record<string, string>) {
  const reads: string[] = [];
  return { reads, reader: { read: async (sha: BlobSha) => (reads.push(sha), Buffer.from(blobs[sha]!)), candidateFile: () => null, close: () => {} } };
}

const asking = (entries: Array<[RepoPath, number[]]>): Map<RepoPath, Set<number>> => new Map(entries.map(([p, lines]) => [p, new Set(lines)]));

describe('linesOf', () => {
  it('ends lines at \\n, \\r\\n and a lone \\r, and leaves out lines past the end', () => {
    const of = (text: string, wanted: number[]) => [...linesOf(Buffer.from(text), new Set(wanted))];
    assert.deepEqual(of('a\r\n\rb\n\r\nc', [1, 2, 3, 4, 5, 6]), [[1, 'a'], [2, ''], [3, 'b'], [4, ''], [5, 'c']]);
    assert.deepEqual(of('x = 1\n', [2, 1]), [[1, 'x = 1'], [2, '']]);
    assert.deepEqual(of('x\ny\n', [7]), []);
    assert.deepEqual(of('é = 1\nü\n', [2, 1]), [[1, 'é = 1'], [2, 'ü']], 'UTF-8 decoded line by line');
  });
});

describe('SourceLines: the lines a verdict draws code frames from', () => {
  it('reads each blob once across verdicts, and a changed blob again', async () => {
    const { reads, reader } = countingReader({ s1: 'x = 1\r\ny = 2\n', s2: 'z = 3\rw\n', s3: 'x = 10\n' });
    const lines = new SourceLines();
    let shas: Record<string, BlobSha> = { [a]: 's1' as BlobSha, [b]: 's2' as BlobSha };
    const first = await lines.of(asking([[a, [1, 2]], [b, [2]]]), (p) => shas[p], reader);
    assert.deepEqual([...first.get(a)!], [[1, 'x = 1'], [2, 'y = 2']]);
    assert.deepEqual([...first.get(b)!], [[2, 'w']], 'only the lines asked for');
    await lines.of(asking([[a, [2]], [b, [2]]]), (p) => shas[p], reader);
    assert.deepEqual(reads, ['s1', 's2'], 'the same lines of the same blobs are not read again');
    shas = { [a]: 's3' as BlobSha, [b]: 's2' as BlobSha };
    const third = await lines.of(asking([[a, [1]], [b, [2]]]), (p) => shas[p], reader);
    assert.deepEqual([...third.get(a)!], [[1, 'x = 10']]);
    assert.deepEqual(reads, ['s1', 's2', 's3'], 'only the changed blob is read');
    await lines.of(asking([[b, [1, 2]]]), (p) => shas[p], reader);
    assert.deepEqual(reads, ['s1', 's2', 's3', 's2'], 'a line not kept is read again');
  });

  it('keeps only what the last verdict named, and skips a blob it cannot read', async () => {
    const { reads, reader } = countingReader({ s1: 'x = 1\n' });
    const lines = new SourceLines();
    const shaOf = (p: string) => (p === a ? ('s1' as BlobSha) : ('gone' as BlobSha));
    const failing = { ...reader, read: async (sha: BlobSha) => (sha === 'gone' ? Promise.reject(new Error('no such blob')) : reader.read(sha)) };
    assert.deepEqual([...(await lines.of(asking([[a, [1]], [b, [1]]]), shaOf, failing)).keys()], [a]);
    await lines.of(asking([[b, [1]]]), shaOf, failing);
    await lines.of(asking([[a, [1]]]), shaOf, reader);
    assert.deepEqual(reads, ['s1', 's1'], 'a blob the last verdict did not name is read again');
  });
});
