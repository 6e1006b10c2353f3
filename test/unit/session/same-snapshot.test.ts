import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { blobSha } from '../../../src/facts/blob-sha.js';
import { FactStore } from '../../../src/facts/fact-store.js';
import { asRepoPath, type BlobSha, type GitMode, type RepoPath, type Snapshot, type SnapshotKind } from '../../../src/model/index.js';
import { sameSnapshot } from '../../../src/session/same-snapshot.js';
import { Session } from '../../../src/session/session.js';
import type { SnapshotSource } from '../../../src/session/snapshot-source.js';
import { BASE_FILES, makeConfig, makeRule } from '../../helpers/engine-fixture.js';

const MODE = '100644' as GitMode;

/** A fresh snapshot object for the same files each time it is called, as each git read gives. */
function snapshotOf(kind: SnapshotKind, files: Record<string, string>, blobs: Map<BlobSha, Buffer>, unmerged: RepoPath[] = []): Snapshot {
  const entries = new Map<RepoPath, { path: RepoPath; sha: BlobSha; mode: GitMode }>();
  for (const [p, text] of Object.entries(files)) {
    const bytes = Buffer.from(text);
    const sha = blobSha(bytes);
    blobs.set(sha, bytes);
    entries.set(asRepoPath(p), { path: asRepoPath(p), sha, mode: MODE });
  }
  return { kind, entries, unmerged };
}

describe('sameSnapshot', () => {
  const blobs = new Map<BlobSha, Buffer>();
  const a = { 'x.py': 'x = 1\n', 'y.py': '' };
  it('equal content in two reads is the same snapshot', () => assert.ok(sameSnapshot(snapshotOf('staged', a, blobs), snapshotOf('staged', a, blobs))));
  it('a changed blob, an added file, a changed mode or an unmerged path is not', () => {
    const base = snapshotOf('staged', a, blobs);
    assert.ok(!sameSnapshot(base, snapshotOf('staged', { ...a, 'x.py': 'x = 2\n' }, blobs)));
    assert.ok(!sameSnapshot(base, snapshotOf('staged', { ...a, 'z.py': '' }, blobs)));
    const exec = snapshotOf('staged', a, blobs);
    (exec.entries as Map<RepoPath, { path: RepoPath; sha: BlobSha; mode: GitMode }>).set(asRepoPath('y.py'), { ...exec.entries.get(asRepoPath('y.py'))!, mode: '100755' as GitMode });
    assert.ok(!sameSnapshot(base, exec));
    assert.ok(!sameSnapshot(base, snapshotOf('staged', a, blobs, [asRepoPath('x.py')])));
    assert.ok(!sameSnapshot(base, null));
  });
});

describe('Session: asked again about the same content', () => {
  it('answers with the verdict it has, and judges changed content afresh', async () => {
    const blobs = new Map<BlobSha, Buffer>();
    const head = { ...BASE_FILES, 'app/agents/factory.py': 'from app.bridge import Bridge\n' };
    let staged: Record<string, string> = { ...head, 'app/agents/factory.py': 'from app.bridge import Bridge\nfrom app.legacy.ws import Manager\n' };
    const reader = { read: async (sha: BlobSha) => blobs.get(sha)!, candidateFile: () => null, close: () => {} };
    const source: SnapshotSource = {
      staged: async () => snapshotOf('staged', staged, blobs),
      head: async () => snapshotOf('head', head, blobs),
      worktree: async () => ({ snapshot: snapshotOf('worktree', staged, blobs), reader, changedSince: null }),
      blobs: () => reader,
      onDiskFirst: () => reader,
      deltas: null,
    };
    const session = new Session(makeConfig([makeRule()]), source, new FactStore(null));
    const first = await session.check('staged');
    assert.equal(first.result.violations.length, 1);
    const again = await session.check('staged');
    assert.equal(again.result.violations, first.result.violations, 'the same verdict, not a re-evaluation');
    assert.equal(again.result.stats.parsed, 0);
    staged = { ...staged, 'app/agents/factory.py': 'from app.bridge import Bridge\n' };
    const fixed = await session.check('staged');
    assert.equal(fixed.result.violations.length, 0);
  });
});
