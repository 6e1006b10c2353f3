import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePrivateDir, ownerOnlyProblem } from '../../../src/fs/owner-only.js';
import { checkedBodyOf, readCheckedFile, writeCheckedFile } from '../../../src/fs/checked-file.js';

const dir = mkdtempSync(join(tmpdir(), 'ssot-guard-fs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('owner-only state', () => {
  const dirStat = (uid: number, mode: number, link = false) => ({ uid, mode, isDirectory: () => !link, isSocket: () => false, isFile: () => false, isSymbolicLink: () => link });
  it('ownerOnlyProblem: a link, another owner, or group/other write is a problem named in words', () => {
    assert.equal(ownerOnlyProblem(dirStat(1000, 0o40700), 'dir', 1000), null);
    assert.equal(ownerOnlyProblem(dirStat(1000, 0o40755), 'dir', 1000), null, 'read access for others is not write access');
    assert.equal(ownerOnlyProblem(dirStat(0, 0o40700), 'dir', 1000), 'is owned by uid 0, not 1000');
    assert.equal(ownerOnlyProblem(dirStat(1000, 0o40777), 'dir', 1000), 'is writable by group or others (mode 0777)');
    assert.equal(ownerOnlyProblem(dirStat(1000, 0o40700, true), 'dir', 1000), 'is a symbolic link');
    assert.equal(ownerOnlyProblem(dirStat(1000, 0o40700), 'socket', 1000), 'is not a socket');
  });

  it('ensurePrivateDir makes a missing directory 0700 and refuses one others can write', () => {
    const made = join(dir, 'state');
    assert.equal(ensurePrivateDir(made), null);
    assert.equal(statSync(made).mode & 0o777, 0o700);
    chmodSync(made, 0o777);
    assert.notEqual(ensurePrivateDir(made), null);
  });
});

describe('checked files', () => {
  it('a body written is read back only under the same magic and version; a damaged one is not', async () => {
    const file = join(dir, 'judgments.bin');
    const body = Buffer.from('the judgments');
    assert.deepEqual(await writeCheckedFile(file, 'magic', 'v1', body), { ok: true });
    assert.deepEqual(await readCheckedFile(file, 'magic', 'v1'), body);
    assert.equal(await readCheckedFile(file, 'magic', 'v2'), null, 'another version');
    assert.equal(await readCheckedFile(file, 'other', 'v1'), null, 'another magic');
    const bytes = (await readCheckedFile(file, 'magic', 'v1'))!;
    assert.equal(checkedBodyOf(Buffer.concat([Buffer.from('x'), bytes]), 'magic', 'v1'), null, 'not a checked file');
  });
});
