import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { openRepo } from '../../../src/git/repo.js';
import { readStagedSnapshot } from '../../../src/git/ls-files.js';
import { readWorktreeSnapshot } from '../../../src/git/worktree.js';
import { openBlobReader } from '../../../src/git/cat-file.js';
import { blobSha } from '../../../src/facts/blob-sha.js';
import { asRepoPath, type BlobReader, type BlobSha } from '../../../src/model/index.js';
import { tempRepos } from '../../helpers/repo-fixture.js';

const repos = tempRepos();
after(() => repos.cleanup());

/** An index reader that records what it was asked for. */
function recording(inner: BlobReader): BlobReader & { asked: BlobSha[] } {
  const asked: BlobSha[] = [];
  return { asked, read: (sha) => (asked.push(sha), inner.read(sha)), candidateFile: (sha) => inner.candidateFile(sha), close: () => inner.close() };
}

describe('readWorktreeSnapshot', () => {
  it('takes unchanged files from the index and hashes only what git says differs, plus untracked files', async () => {
    const r = await repos.make({ 'same.py': 'same = 1\n', 'edited.py': 'v = 1\n', 'gone.py': 'g = 1\n', '.gitignore': 'ignored.py\n' });
    await r.write('edited.py', 'v = 2\n');
    await r.remove('gone.py');
    await r.write('new.py', 'n = 1\n');
    await r.write('ignored.py', 'i = 1\n');
    await symlink('same.py', join(r.root, 'link.py'));
    const repo = await openRepo(r.root);
    const index = recording(openBlobReader(repo));
    try {
      const { snapshot, reader } = await readWorktreeSnapshot(repo, { indexBlobs: index });
      const staged = await readStagedSnapshot(repo);
      const sha = (p: string) => snapshot.entries.get(asRepoPath(p))?.sha;
      assert.deepEqual([...snapshot.entries.keys()], ['.gitignore', 'edited.py', 'link.py', 'new.py', 'same.py']);
      assert.equal(sha('same.py'), staged.entries.get(asRepoPath('same.py'))!.sha);
      assert.equal(sha('edited.py'), blobSha(Buffer.from('v = 2\n')));
      assert.equal(sha('new.py'), blobSha(Buffer.from('n = 1\n')));
      assert.equal(snapshot.entries.get(asRepoPath('link.py'))!.mode, '120000');
      // Read back: hashed files from memory, the unchanged one from git's object store.
      assert.equal((await reader.read(sha('edited.py')!)).toString(), 'v = 2\n');
      assert.deepEqual(index.asked, []);
      assert.equal((await reader.read(sha('same.py')!)).toString(), 'same = 1\n');
      assert.deepEqual(index.asked, [sha('same.py')]);
      reader.close();
    } finally {
      index.close();
    }
  });

  it('honours the include filter before reading anything', async () => {
    const r = await repos.make({ 'a.py': 'a\n', 'notes.txt': 'n\n' });
    await r.write('notes.txt', 'changed\n');
    await r.write('b.txt', 'untracked\n');
    const { snapshot, reader } = await readWorktreeSnapshot(await openRepo(r.root), { include: (p) => p.endsWith('.py') });
    reader.close();
    assert.deepEqual([...snapshot.entries.keys()], ['a.py']);
  });
});
