import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parsePublishedVerdict, publishedVerdictProblem, type PublishedAgainst, type PublishedVerdict } from '../../../src/daemon/published-verdict.js';
import { PROTOCOL_VERSION, type CheckAnswer } from '../../../src/daemon/protocol.js';

const CONFIG = Buffer.from('{ "rules": [] }\n');

const published: PublishedVerdict = {
  protocol: PROTOCOL_VERSION,
  pid: 4242,
  startedAt: '2026-12-04T22:00:00.000Z',
  toolVersion: '1.2.3',
  root: '/r',
  gitDir: '/r/.git',
  commonDir: '/r/.git',
  config: CONFIG.toString('base64'),
  lockfiles: [
    { file: '/r/package-lock.json', stat: 'missing' },
    { file: '/tool/package-lock.json', stat: '1:2:3:4' },
  ],
  key: { index: '100:abcd', head: 'ref: refs/heads/main', ref: 'c0ffee||missing' },
  answer: { result: {}, sources: {}, configs: [] } as unknown as CheckAnswer,
};

const now: PublishedAgainst = {
  daemon: { pid: 4242, startedAt: '2026-12-04T22:00:00.000Z' },
  alive: true,
  toolVersion: '1.2.3',
  root: '/r',
  sameGitDir: true,
  config: Buffer.from(CONFIG),
  lockfileStats: ['missing', '1:2:3:4'],
  key: { index: '100:abcd', head: 'ref: refs/heads/main', ref: 'c0ffee||missing' },
};

describe('publishedVerdictProblem', () => {
  it('takes a verdict whose every input is as it was published', () => {
    assert.equal(publishedVerdictProblem(published, now), null);
  });

  const cases: Array<[string, Partial<PublishedVerdict>, Partial<PublishedAgainst>, RegExp]> = [
    ['another protocol', { protocol: PROTOCOL_VERSION - 1 }, {}, new RegExp(`protocol ${PROTOCOL_VERSION} asked, daemon speaks ${PROTOCOL_VERSION - 1}`)],
    ['another git dir', {}, { sameGitDir: false }, /git dir \/r\/\.git, not this one/],
    ['a daemon the state file does not name', {}, { daemon: { pid: 4243, startedAt: now.daemon.startedAt } }, /another daemon/],
    ['the same pid started at another time', {}, { daemon: { pid: 4242, startedAt: '2026-12-04T23:00:00.000Z' } }, /another daemon/],
    ['a daemon gone', {}, { alive: false }, /pid 4242\) is gone/],
    ['another ssot-guard', {}, { toolVersion: '1.2.4' }, /ssot-guard 1\.2\.4 asked, daemon runs 1\.2\.3/],
    ['another work tree', {}, { root: '/s' }, /for \/r, not \/s/],
    ['a config edited on disk', {}, { config: Buffer.from('{ "rules": [ ] }\n') }, /config file on disk differs/],
    ['a config gone', {}, { config: null }, /config file on disk differs/],
    ['a lockfile that appeared', {}, { lockfileStats: ['5:6:7:8', '1:2:3:4'] }, /\/r\/package-lock\.json changed since the daemon started/],
    ['a lockfile touched', {}, { lockfileStats: ['missing', '1:2:3:5'] }, /\/tool\/package-lock\.json changed/],
    ['fewer lockfiles looked at', {}, { lockfileStats: ['missing'] }, /a lockfile changed/],
    ['another index', {}, { key: { ...now.key, index: '100:abce' } }, /index, HEAD or its branch moved/],
    ['another HEAD', {}, { key: { ...now.key, head: 'ref: refs/heads/topic' } }, /moved/],
    ['the branch moved', {}, { key: { ...now.key, ref: 'decaf||missing' } }, /moved/],
    ['an index that could not be read', { key: { ...published.key, index: 'unreadable' } }, { key: { ...now.key, index: 'unreadable' } }, /moved/],
  ];
  for (const [name, change, seen, why] of cases) {
    it(`refuses ${name}`, () => {
      assert.match(publishedVerdictProblem({ ...published, ...change }, { ...now, ...seen }) ?? 'accepted', why);
    });
  }
});

describe('parsePublishedVerdict', () => {
  it('reads what the daemon writes', () => {
    assert.deepEqual(parsePublishedVerdict(JSON.stringify(published)), published);
  });

  it('refuses what is not one', () => {
    for (const text of ['', 'null', '[]', '{', JSON.stringify({ ...published, key: { index: 1 } }), JSON.stringify({ ...published, lockfiles: [{ file: 'x' }] }), JSON.stringify({ ...published, answer: null }), JSON.stringify({ ...published, config: 7 })]) {
      assert.equal(parsePublishedVerdict(text), null, text.slice(0, 60));
    }
  });
});
