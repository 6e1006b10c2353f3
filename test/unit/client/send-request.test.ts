import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DaemonUnavailable, sendRequest } from '../../../src/client/send-request.js';
import { PROTOCOL_VERSION, type Request } from '../../../src/daemon/protocol.js';

const dirs: string[] = [];
const servers: Server[] = [];
const sockets: Socket[] = [];
after(async () => {
  for (const s of sockets) s.destroy();
  for (const s of servers) s.close();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function dir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'ssot-guard-cli-'));
  dirs.push(d);
  return d;
}

/** A fake daemon: `reply` decides what (if anything) goes back for each line. */
async function fake(reply: (line: string, socket: Socket) => void): Promise<string> {
  const path = join(await dir(), 'd.sock');
  const server = createServer((socket) => {
    sockets.push(socket);
    let buf = '';
    socket.on('data', (d) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        reply(buf.slice(0, nl), socket);
        buf = buf.slice(nl + 1);
      }
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(path, r));
  return path;
}

const req: Request = { id: 42, v: PROTOCOL_VERSION, toolVersion: 't', method: 'status' };

async function reason(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof DaemonUnavailable, String(err));
    return err.reason;
  }
  assert.fail('expected the request to fail');
}

describe('sendRequest', () => {
  it('returns the answer matching the request id', async () => {
    const path = await fake((line, s) => s.write(`${JSON.stringify({ id: JSON.parse(line).id, ok: true, result: 'hi' })}\n`));
    assert.deepEqual(await sendRequest(path, req, 2000), { id: 42, ok: true, result: 'hi' });
  });

  it('no socket file: no-socket', async () => {
    assert.equal(await reason(sendRequest(join(await dir(), 'none.sock'), req, 2000)), 'no-socket');
  });

  it('a file that is not a listening socket: refused', async () => {
    const path = join(await dir(), 'plain.sock');
    await writeFile(path, '');
    assert.equal(await reason(sendRequest(path, req, 2000)), 'refused');
  });

  it('a daemon that accepts and never answers: timeout, within the bound', async () => {
    const path = await fake(() => {});
    const started = Date.now();
    assert.equal(await reason(sendRequest(path, req, 300)), 'timeout');
    const took = Date.now() - started;
    assert.ok(took >= 290 && took < 2000, `took ${took} ms`);
  });

  it('a daemon that hangs up without answering: closed', async () => {
    const path = await fake((_l, s) => s.destroy());
    assert.ok(['closed', 'refused'].includes(await reason(sendRequest(path, req, 2000))));
  });

  const garbage: Array<[string, string]> = [
    ['not JSON', 'garbage\n'],
    ['JSON but not a response', '{"hello":1}\n'],
    ['an answer to another request', '{"id":7,"ok":true,"result":1}\n'],
  ];
  for (const [name, line] of garbage) {
    it(`${name}: protocol`, async () => {
      const path = await fake((_l, s) => s.write(line));
      assert.equal(await reason(sendRequest(path, req, 2000)), 'protocol');
    });
  }
});
