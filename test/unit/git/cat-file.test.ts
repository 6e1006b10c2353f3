import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { deflateSync } from 'node:zlib';
import { openRepo, type GitRepo } from '../../../src/git/repo.js';
import { openBlobReader, readBlobs } from '../../../src/git/cat-file.js';
import { readStagedSnapshot } from '../../../src/git/ls-files.js';
import { asBlobSha, type BlobSha } from '../../../src/model/index.js';
import { tempRepos, type TestRepo } from '../../helpers/repo-fixture.js';

const repos = tempRepos();
after(() => repos.cleanup());

const MISSING = asBlobSha('0123456789abcdef0123456789abcdef01234567');

async function store(r: TestRepo, content: string | Buffer): Promise<BlobSha> {
  return asBlobSha((await r.git('hash-object', '-w', '--stdin', { input: content.toString() })).trim());
}

describe('openBlobReader', () => {
  it('answers 500 pipelined requests, each with its own content, over one process', async () => {
    const files = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`f${i}.py`, `value = ${i}\n${'#'.repeat(i * 37)}\n`]));
    const r = await repos.make(files, { commit: false });
    const repo = await openRepo(r.root);
    const entries = [...(await readStagedSnapshot(repo)).entries.values()];
    const reader = openBlobReader(repo);
    try {
      const bodies = await Promise.all(entries.map((e) => reader.read(e.sha)));
      entries.forEach((e, i) => assert.equal(bodies[i]!.toString('utf8'), files[e.path]));
    } finally {
      reader.close();
    }
  });

  it('keeps no blob it answered: a long-lived reader (the daemon\'s) holds no memory for old reads', async () => {
    const r = await repos.make({ 'a.py': `${'x = 1\n'.repeat(5000)}` }, { commit: false });
    const repo = await openRepo(r.root);
    const [entry] = [...(await readStagedSnapshot(repo)).entries.values()];
    const reader = openBlobReader(repo);
    try {
      // A full collection on demand, without running the suite under --expose-gc.
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      const read = async (): Promise<WeakRef<Buffer>> => new WeakRef(await reader.read(entry!.sha));
      const answered = await read();
      // The reader stays open and busy with a later request, as the daemon's does.
      assert.equal((await reader.read(entry!.sha)).length, 30_000);
      await new Promise((resolve) => setImmediate(resolve));
      gc();
      assert.equal(answered.deref(), undefined, 'the first answer was collected');
    } finally {
      reader.close();
    }
  });

  it('a missing sha rejects only its own request', async () => {
    const r = await repos.make({});
    const repo = await openRepo(r.root);
    const shas = await Promise.all(['one\n', 'two\n', 'three\n'].map((c) => store(r, c)));
    const reader = openBlobReader(repo);
    try {
      const results = await Promise.allSettled([shas[0]!, MISSING, shas[1]!, MISSING, shas[2]!].map((s) => reader.read(s)));
      assert.deepEqual(
        results.map((x) => (x.status === 'fulfilled' ? x.value.toString() : (x.reason as Error).message)),
        ['one\n', `git object ${MISSING} is missing from the repository`, 'two\n', `git object ${MISSING} is missing from the repository`, 'three\n'],
      );
    } finally {
      reader.close();
    }
  });

  it('reads empty, binary and multi-megabyte blobs byte for byte', async () => {
    const r = await repos.make({ 'empty.py': '', 'bin.dat': Buffer.from([0, 10, 13, 255, 10, 0]), 'big.dat': randomBytes(5 * 1024 * 1024 + 3) });
    const repo = await openRepo(r.root);
    const entries = [...(await readStagedSnapshot(repo)).entries.values()];
    const blobs = await readBlobs(repo, entries.map((e) => e.sha));
    for (const e of entries) assert.ok(blobs.get(e.sha)!.equals(await import('node:fs/promises').then((fs) => fs.readFile(join(r.root, e.path)))), e.path);
  });

  it('rejects a tree or a malformed name without disturbing the requests around it', async () => {
    const r = await repos.make({ 'a.py': 'a\n' });
    const repo = await openRepo(r.root);
    const tree = asBlobSha((await r.git('rev-parse', 'HEAD^{tree}')).trim());
    const blob = [...(await readStagedSnapshot(repo)).entries.values()][0]!.sha;
    const reader = openBlobReader(repo);
    try {
      const results = await Promise.allSettled([tree, asBlobSha(`${blob}\n${blob}`), asBlobSha('HEAD'), blob].map((s) => reader.read(s)));
      assert.match((results[0] as PromiseRejectedResult).reason.message, /is a tree, not a blob/);
      assert.match((results[1] as PromiseRejectedResult).reason.message, /not a full git object name/);
      assert.match((results[2] as PromiseRejectedResult).reason.message, /not a full git object name/);
      assert.equal((results[3] as PromiseFulfilledResult<Buffer>).value.toString(), 'a\n');
    } finally {
      reader.close();
    }
  });

  it('close() lets pending reads finish, then later reads reject', async () => {
    const r = await repos.make({});
    const sha = await store(r, 'kept\n');
    const reader = openBlobReader(await openRepo(r.root));
    const pending = reader.read(sha);
    reader.close();
    assert.equal((await pending).toString(), 'kept\n');
    await assert.rejects(reader.read(sha), /blob reader is closed/);
  });

  it('when git dies, every unanswered request rejects and the next read starts afresh', async () => {
    const r = await repos.make({});
    const repo: GitRepo = await openRepo(r.root);
    const good = await store(r, 'good\n');
    const bad = await store(r, 'soon corrupt\n');
    const later = await store(r, 'later\n');
    // A loose object whose header inflates but whose body is cut short is fatal to
    // cat-file --batch (exit 128, "unable to stream"); an unreadable header is only "missing".
    const object = join(r.root, '.git', 'objects', bad.slice(0, 2), bad.slice(2));
    await chmod(object, 0o644);
    await writeFile(object, deflateSync(Buffer.from('blob 13\0soon corrupt\n')).subarray(0, 14));

    const reader = openBlobReader(repo);
    try {
      const results = await Promise.allSettled([good, bad, later].map((s) => reader.read(s)));
      assert.equal((results[0] as PromiseFulfilledResult<Buffer>).value.toString(), 'good\n');
      for (const x of results.slice(1)) {
        assert.equal(x.status, 'rejected');
        assert.match((x as PromiseRejectedResult).reason.message, /git cat-file --batch ended \(exit 128\)/);
      }
      assert.equal((await reader.read(later)).toString(), 'later\n');
    } finally {
      reader.close();
    }
  });
});

describe('readBlobs', () => {
  it('maps each distinct sha to its content and rejects if one is missing', async () => {
    const r = await repos.make({});
    const repo = await openRepo(r.root);
    const a = await store(r, 'a\n');
    const blobs = await readBlobs(repo, [a, a]);
    assert.deepEqual([...blobs].map(([k, v]) => [k, v.toString()]), [[a, 'a\n']]);
    await assert.rejects(readBlobs(repo, [a, MISSING]), /is missing from the repository/);
  });
});
