import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { indexPaths } from '../../../src/git/index-file.js';
import { tempRepos } from '../../helpers/repo-fixture.js';

const repos = tempRepos();
after(() => repos.cleanup());

/** Names git writes into an index, prefix compression (v4) included: shared prefixes, unicode, a newline, deep paths. */
const FILES: Record<string, string> = {
  'ssot-guard.config.json': '{}',
  'services/api/ssot-guard.baseline.json': '{}',
  'services/api/ssot-guard.config.json': '{}',
  'services/api/app/a.py': '',
  'services/web/ssot-guard.config.json': '{}',
  'données/é.py': '',
  'odd\nname.py': '',
  [`${'deep/'.repeat(30)}x.py`]: '',
};

async function listed(r: { git(...a: string[]): Promise<string> }): Promise<string[]> {
  return (await r.git('ls-files', '-z')).split('\0').filter(Boolean);
}

describe('indexPaths: the index file read as git writes it', () => {
  for (const version of ['2', '3', '4']) {
    it(`index version ${version}: the same paths as git ls-files`, async () => {
      const r = await repos.make(FILES);
      await r.git('update-index', '--index-version', version);
      // An intent-to-add entry has extended flags (version 3 and later; git makes a version 2 index 3 for it).
      if (version !== '2') {
        await r.write('new.py', '');
        await r.git('add', '-N', 'new.py');
      }
      const bytes = await readFile(join(r.root, '.git', 'index'));
      assert.equal(bytes.readUInt32BE(4), Number(version));
      assert.deepEqual(indexPaths(bytes), await listed(r));
    });
  }

  it('a split index (entries kept in another file): not read, git is asked', async () => {
    const r = await repos.make(FILES);
    await r.git('update-index', '--split-index');
    assert.equal(indexPaths(await readFile(join(r.root, '.git', 'index'))), null);
  });

  it('anything else is not read: another format, a truncated file', async () => {
    const r = await repos.make(FILES);
    const bytes = await readFile(join(r.root, '.git', 'index'));
    assert.equal(indexPaths(Buffer.from('not an index at all, not at all')), null);
    assert.equal(indexPaths(bytes.subarray(0, 80)), null);
  });
});
