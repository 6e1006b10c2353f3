import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createConnection } from 'node:net';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listenSocket, RequestError, type SocketServer } from '../../../src/daemon/server.js';
import { PROTOCOL_VERSION, type Request } from '../../../src/daemon/protocol.js';
import { sendRequest } from '../../../src/client/send-request.js';

const dirs: string[] = [];
const servers: SocketServer[] = [];
after(async () => {
  for (const s of servers) {
    s.stopAccepting();
    await s.drain(100);
  }
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function serve(handler: Parameters<typeof listenSocket>[1]) {
  const dir = await mkdtemp(join(tmpdir(), 'ssot-guard-srv-'));
  dirs.push(dir);
  const path = join(dir, 's.sock');
  const logged: string[] = [];
  const server = await listenSocket(path, handler, (m) => logged.push(m));
  servers.push(server);
  return { path, logged, server };
}

const request = (method: string, id: number | string = 1): Request => ({ id, v: PROTOCOL_VERSION, toolVersion: 't', method: method as Request['method'] });

/** Raw lines in, raw lines out: what a confused or hostile client would send. */
function exchange(path: string, payload: string, expectLines: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const s = createConnection(path);
    let buf = '';
    s.on('connect', () => s.write(payload));
    s.on('data', (d) => {
      buf += d.toString();
      const lines = buf.split('\n').filter(Boolean);
      if (lines.length >= expectLines) {
        s.destroy();
        resolve(lines);
      }
    });
    s.on('error', reject);
  });
}

describe('socket server', () => {
  it('creates the socket owner-only', async () => {
    const { path } = await serve(async () => 'ok');
    assert.equal((await stat(path)).mode & 0o777, 0o600);
  });

  it('answers each request with its own id, several per connection', async () => {
    const { path } = await serve(async (r) => ({ echo: r.method }));
    const lines = await exchange(path, `${JSON.stringify(request('status', 'a'))}\n${JSON.stringify(request('check', 'b'))}\n`, 2);
    const byId = Object.fromEntries(lines.map((l) => [JSON.parse(l).id, JSON.parse(l)]));
    assert.deepEqual(byId['a'], { id: 'a', ok: true, result: { echo: 'status' } });
    assert.deepEqual(byId['b'], { id: 'b', ok: true, result: { echo: 'check' } });
  });

  it('answers garbage with an error and keeps serving', async () => {
    const { path } = await serve(async () => 'fine');
    const [bad] = await exchange(path, 'this is not json\n', 1);
    assert.deepEqual(JSON.parse(bad!), { id: null, ok: false, error: { code: 'bad-request', message: 'request is not JSON' } });
    const good = await sendRequest(path, request('status'), 2000);
    assert.deepEqual(good, { id: 1, ok: true, result: 'fine' });
  });

  it('turns a throwing handler into an error answer: typed errors keep their code, others are internal and logged', async () => {
    const { path, logged } = await serve(async (r) => {
      if (r.method === 'check') throw new RequestError('stale', 'config changed');
      throw new TypeError('boom');
    });
    const stale = await sendRequest(path, request('check'), 2000);
    assert.deepEqual(stale, { id: 1, ok: false, error: { code: 'stale', message: 'config changed' } });
    const internal = await sendRequest(path, request('status'), 2000);
    assert.equal(internal.ok, false);
    assert.equal(!internal.ok && internal.error.code, 'internal');
    assert.ok(logged.some((l) => l.includes('boom')));
  });

  it('drops a connection that sends an endless line', async () => {
    const { path } = await serve(async () => 'fine');
    const [answer] = await exchange(path, 'x'.repeat(2 * 1024 * 1024), 1);
    assert.equal(JSON.parse(answer!).error.code, 'bad-request');
  });

  it('stopAccepting removes the socket path; answers in flight still arrive', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { path, server } = await serve(async () => {
      await gate;
      return 'late';
    });
    const pending = sendRequest(path, request('status'), 2000);
    while (server.inFlight === 0) await new Promise((r) => setImmediate(r));
    server.stopAccepting();
    await assert.rejects(stat(path), { code: 'ENOENT' });
    release();
    assert.deepEqual(await pending, { id: 1, ok: true, result: 'late' });
  });
});
