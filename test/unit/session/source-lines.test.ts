import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { asFingerprint, asRepoPath, asSymbolName, type BlobSha, type CheckResult, type RepoPath, type Violation } from '../../../src/model/index.js';
import { linesOf, SourceLines } from '../../../src/session/source-lines.js';

const a = asRepoPath('app/a.py');
const b = asRepoPath('app/b.py');

/** A reader over fixed blobs that counts what it is asked. */
function countingReader(blobs: Record<string, string>) {
  const reads: string[] = [];
  return { reads, reader: { read: async (sha: BlobSha) => (reads.push(sha), Buffer.from(blobs[sha]!)), candidateFile: () => null, close: () => {} } };
}

/** A verdict's findings naming these lines: each a diagnostic, as a check --all reports 850 of them. */
const asking = (entries: Array<[RepoPath, number[]]>): Pick<CheckResult, 'violations' | 'diagnostics'> => ({
  violations: [],
  diagnostics: entries.flatMap(([file, lines]) => lines.map((line) => ({ file, line, column: 1, code: 'unresolved-import', message: 'm' }))),
});

/** A violation at line `at` of `file` with its legacy evidence at line `evidence`. */
const violation = (file: RepoPath, at: number, evidence: number): Violation => ({
  rule: 'r',
  severity: 'error',
  file,
  line: at,
  column: 1,
  unit: '<file>',
  message: 'm',
  fingerprint: asFingerprint('f'),
  status: 'new',
  evidence: [{ side: 'legacy', use: 'import', symbol: asSymbolName('x.Y'), line: evidence, column: 1, via: [], origin: 'x.Y' }],
  chain: [],
});

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
    const lines = new SourceLines('findings');
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
    const lines = new SourceLines('findings');
    const shaOf = (p: string) => (p === a ? ('s1' as BlobSha) : ('gone' as BlobSha));
    const failing = { ...reader, read: async (sha: BlobSha) => (sha === 'gone' ? Promise.reject(new Error('no such blob')) : reader.read(sha)) };
    assert.deepEqual([...(await lines.of(asking([[a, [1]], [b, [1]]]), shaOf, failing)).keys()], [a]);
    await lines.of(asking([[b, [1]]]), shaOf, failing);
    await lines.of(asking([[a, [1]]]), shaOf, reader);
    assert.deepEqual(reads, ['s1', 's1'], 'a blob the last verdict did not name is read again');
  });

  it('reads only the lines its readers draw: none, the violations\' (code frames), or every finding\'s (an editor\'s ranges)', async () => {
    const blobs = { s1: 'import x\nfrom x import Y\nY()\n', s2: 'import gone\n' };
    const shaOf = (p: string) => (p === a ? ('s1' as BlobSha) : ('s2' as BlobSha));
    const result = { violations: [violation(a, 3, 2)], diagnostics: asking([[b, [1]]]).diagnostics };
    const read = async (frames: 'none' | 'violations' | 'findings') => {
      const { reads, reader } = countingReader(blobs);
      const got = await new SourceLines(frames).of(result, shaOf, reader);
      return { reads, lines: Object.fromEntries([...got].map(([f, l]) => [f, Object.fromEntries(l)])) };
    };
    assert.deepEqual(await read('none'), { reads: [], lines: {} });
    assert.deepEqual(await read('violations'), { reads: ['s1'], lines: { [a]: { 2: 'from x import Y', 3: 'Y()' } } });
    assert.deepEqual(await read('findings'), { reads: ['s1', 's2'], lines: { [a]: { 2: 'from x import Y', 3: 'Y()' }, [b]: { 1: 'import gone' } } });
  });
});
