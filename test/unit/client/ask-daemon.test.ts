import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { askDaemon } from '../../../src/client/ask-daemon.js';
import { daemonEnv } from '../../../src/client/launch-daemon.js';
import { daemonPaths } from '../../../src/daemon/paths.js';
import { writeState } from '../../../src/daemon/state-file.js';
import { proofOf, type Request } from '../../../src/daemon/protocol.js';
import { makeRepo, type TestRepo } from '../../helpers/repo-fixture.js';
import { baseFiles } from '../../helpers/python-repo.js';

const repos: TestRepo[] = [];
const servers: Server[] = [];
after(async () => {
  for (const s of servers) s.close();
  for (const r of repos) await r.cleanup();
});

const GOOD_RESULT = {
  snapshot: 'staged', ruleErrors: [], violations: [], diagnostics: [], baseline: { known: 0, stale: [] },
  stats: { files: 4, parsed: 0, cacheHits: 4, ms: 1, daemon: true },
};

/**
 * A repo whose state file points at a fake daemon; `answer` builds its reply to each request it records.
 * It knows the state's secret (it stands for our daemon) unless `proves` is false; a reply marked
 * `unproven` goes without a proof (as a daemon answers a line it cannot read as a request).
 */
async function repoWithFake(answer: (r: Request) => object | null, proves = true) {
  const r = await makeRepo(baseFiles());
  repos.push(r);
  const paths = daemonPaths(r.root, join(r.root, '.git'));
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('hex');
  const seen: Request[] = [];
  const server = createServer((socket) => {
    socket.on('data', (d) => {
      const req = JSON.parse(d.toString().trim()) as Request;
      seen.push(req);
      const { unproven, ...body } = (answer(req) ?? { silent: true }) as { unproven?: boolean; silent?: boolean };
      const proof = proves && !unproven && req.nonce ? { proof: proofOf(secret, req.nonce) } : {};
      if (!body.silent) socket.write(`${JSON.stringify({ id: req.id, ...body, ...proof })}\n`);
    });
  });
  servers.push(server);
  await new Promise<void>((res) => server.listen(paths.socket, res));
  writeState(paths.state, { pid: process.pid, socket: paths.socket, version: '9.9.9', configHash: 'x', startedAt: '', secret });
  return { r, paths, seen, secret };
}

const ask = (cwd: string, env: NodeJS.ProcessEnv = {}) =>
  askDaemon({ cwd, mode: 'staged', toolVersion: '9.9.9', env: { SSOT_GUARD_CLIENT_TIMEOUT_MS: '1000', ...env } });

describe('askDaemon', () => {
  it('outside a git work tree: no verdict and nowhere to launch', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ssot-guard-nogit-'));
    try {
      const asked = await ask(dir);
      assert.equal(asked.answer, null);
      assert.equal(asked.repo, null);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('no state file: no verdict, but the repo to launch a daemon in', async () => {
    const r = await makeRepo(baseFiles());
    repos.push(r);
    const asked = await ask(join(r.root, 'app'));
    assert.equal(asked.answer, null);
    assert.deepEqual(asked.repo, { root: r.root, gitDir: join(r.root, '.git') });
  });

  it('sends protocol, tool version, mode and root, and the empty config hash a protocol-4 daemon needs to read on to the version; returns a well-formed answer', async () => {
    const { r, seen } = await repoWithFake(() => ({ ok: true, result: { result: GOOD_RESULT, sources: {}, configs: ['ssot-guard.config.json'] } }));
    const asked = await ask(r.root);
    assert.ok(asked.answer, 'reason' in asked ? asked.reason : '');
    assert.equal(asked.answer.result.stats.daemon, true);
    const sent = seen[0]!;
    assert.equal(sent.method, 'check');
    assert.equal(sent.toolVersion, '9.9.9');
    assert.equal((sent as Request & { configHash?: unknown }).configHash, '');
    assert.deepEqual(sent.params, { mode: 'staged', root: r.root });
    assert.match(String(sent.nonce), /^[0-9a-f]{32}$/);
  });

  const refusals: Array<[string, object | null, RegExp]> = [
    ['a stale answer', { ok: false, error: { code: 'stale', message: 'config changed' } }, /stale/],
    ['an internal error', { ok: false, error: { code: 'check-failed', message: 'git died' } }, /check-failed/],
    ['a result of the wrong shape', { ok: true, result: { result: { violations: 'none' }, sources: {} } }, /not a check result/],
    ['a result for another snapshot', { ok: true, result: { result: { ...GOOD_RESULT, snapshot: 'worktree' }, sources: {}, configs: ['ssot-guard.config.json'] } }, /not a check result/],
    ['silence (hung daemon)', null, /did not answer within \d+ ms/],
  ];
  for (const [name, reply, reason] of refusals) {
    it(`never passes on ${name}: no verdict`, async () => {
      const { r } = await repoWithFake(() => reply);
      const asked = await ask(r.root);
      assert.equal(asked.answer, null);
      assert.match('reason' in asked ? asked.reason : '', reason);
    });
  }

  it('a daemon of protocol 4 left running by an upgrade reads on to the version, answers stale with its proof: no impostor warning', async () => {
    // Protocol 4 refused, unproven, a request with no config hash, before it read the version.
    const { r } = await repoWithFake((req) =>
      typeof (req as Request & { configHash?: unknown }).configHash !== 'string'
        ? { ok: false, error: { code: 'bad-request', message: 'request needs "configHash"' }, unproven: true }
        : { ok: false, error: { code: 'stale', message: `protocol ${req.v} asked, daemon speaks 4` } },
    );
    const asked = await ask(r.root);
    assert.equal(asked.answer, null);
    assert.match('reason' in asked ? asked.reason : '', /daemon answered stale: protocol \d+ asked, daemon speaks 4/);
    assert.deepEqual(asked.warnings, [], 'nothing suspicious to say: it proved it is the daemon of the state file');
  });

  it('a commit judging a temporary index (GIT_INDEX_FILE) asks the daemon about that file; the worktree index is the daemon\'s own', async () => {
    const { r, seen } = await repoWithFake(() => ({ ok: true, result: { result: GOOD_RESULT, sources: {}, configs: ['ssot-guard.config.json'] } }));
    const lock = join(r.root, '.git', 'index.lock');
    const asked = await ask(r.root, { GIT_INDEX_FILE: lock });
    assert.ok(asked.answer);
    assert.equal(seen[0]!.params!['indexFile'], lock);
    const plain = await ask(r.root, { GIT_INDEX_FILE: '.git/index' });
    assert.ok(plain.answer);
    assert.equal(seen[1]!.params!['indexFile'], undefined, 'the worktree index itself, even relative, needs no indexFile');
  });

  it('refuses a socket path that is not a socket', async () => {
    const { r, paths, secret } = await repoWithFake(() => ({ ok: true, result: { result: GOOD_RESULT, sources: {}, configs: ['ssot-guard.config.json'] } }));
    const fakePath = join(paths.dir, 'plain-file');
    await writeFile(fakePath, '');
    writeState(paths.state, { pid: process.pid, socket: fakePath, version: '9.9.9', configHash: 'x', startedAt: '', secret });
    const asked = await ask(r.root);
    assert.equal(asked.answer, null);
    assert.match('reason' in asked ? asked.reason : '', /not a socket/);
  });
});

describe('daemonEnv', () => {
  it('drops the hook\'s temporary index and pins the worktree', () => {
    const env = daemonEnv({ root: '/r', gitDir: '/r/.git' }, { PATH: '/bin', GIT_INDEX_FILE: '/r/.git/index.lock', GIT_PREFIX: 'app/', GIT_DIR: '.git', SSOT_GUARD_IDLE_MS: '5' });
    assert.deepEqual(env, { PATH: '/bin', GIT_DIR: '/r/.git', GIT_WORK_TREE: '/r', SSOT_GUARD_IDLE_MS: '5' });
  });
});
