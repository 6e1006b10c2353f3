import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { staleReason, type DaemonIdentity, type DiskDrift } from '../../../src/daemon/staleness.js';

const own: DaemonIdentity = { protocol: 1, toolVersion: '0.1.0', configHash: 'c1' };
const calm: DiskDrift = { configHashOnDisk: 'c1', changedLockfile: null, lockfileStats: [] };
const asking = { v: 1, toolVersion: '0.1.0' };

describe('staleReason', () => {
  const table: Array<[string, typeof asking, DiskDrift, RegExp | null]> = [
    ['same everything', asking, calm, null],
    ['other protocol', { ...asking, v: 2 }, calm, /protocol 2/],
    ['other tool version', { ...asking, toolVersion: '0.2.0' }, calm, /0\.2\.0.*0\.1\.0/],
    ['config on disk changed after the client read it', asking, { ...calm, configHashOnDisk: 'c2' }, /on disk differs/],
    ['config deleted', asking, { ...calm, configHashOnDisk: null }, /on disk differs/],
    ['package-lock.json changed', asking, { ...calm, changedLockfile: '/r/package-lock.json' }, /package-lock\.json changed/],
  ];
  for (const [name, ask, disk, expected] of table) {
    it(`${expected ? 'stale' : 'fresh'}: ${name}`, () => {
      const reason = staleReason(ask, own, disk);
      if (expected) assert.match(reason ?? '', expected);
      else assert.equal(reason, null);
    });
  }
});
