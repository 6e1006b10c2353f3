import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/**
 * A fake daemon in a process of its own (another user's, with `uid`/`gid`):
 * listens on `socket` and answers every request "no violations". With
 * `secret` it signs its answers as a daemon of ours would (an attacker who
 * wrote the state file knows the secret it put there); without, it sends no
 * proof. With `flip`, it also swaps the symlink `flip.link` between
 * `flip.real` (a socket the victim owns) and `flip.fake` as fast as it can,
 * racing a client's look at the path against its connect. Resolves once listening.
 */
export async function startFakeDaemon(options: {
  socket: string;
  secret?: string;
  uid?: number;
  gid?: number;
  flip?: { link: string; real: string; fake: string };
  /** Written by the fake itself (so owned by its user) before it listens: the state file an attacker plants. */
  state?: { file: string; text: string };
}): Promise<{ child: ChildProcess; answered: () => number; stop: () => Promise<void> }> {
  const script = `
const net = require('node:net'), fs = require('node:fs'), crypto = require('node:crypto');
const { socket, secret, flip, state } = JSON.parse(process.argv[1]);
if (state) { fs.mkdirSync(require('node:path').dirname(state.file), { recursive: true, mode: 0o777 }); fs.writeFileSync(state.file, state.text, { mode: 0o644 }); }
const result = { snapshot: 'staged', ruleErrors: [], violations: [], diagnostics: [], baseline: { known: 0, stale: [] },
  stats: { files: 1, parsed: 0, cacheHits: 0, ms: 0, daemon: true } };
let answered = 0;
try { fs.unlinkSync(socket); } catch {}
const server = net.createServer((s) => {
  s.on('error', () => {});
  let buf = '';
  s.on('data', (d) => {
    buf += d;
    for (let nl = buf.indexOf('\\n'); nl >= 0; nl = buf.indexOf('\\n')) {
      const line = buf.slice(0, nl); buf = buf.slice(nl + 1);
      let req; try { req = JSON.parse(line); } catch { continue; }
      const proof = secret && req.nonce ? { proof: crypto.createHmac('sha256', secret).update('ssot-guard daemon proof ' + req.nonce).digest('hex') } : {};
      const body = req.method === 'check'
        ? { result, sources: {}, configs: ['ssot-guard.config.json'] }
        : { pid: process.pid, root: (req.params && req.params.root) || '', uptimeMs: 1, filesIndexed: 1, factsCached: 0, cacheHits: 0, verdictHits: 0, checks: 0, precomputes: 0, rssBytes: 1, heapUsedBytes: 1, lastCheckMs: null, version: req.toolVersion, configHash: 'fake', stale: null };
      s.write(JSON.stringify({ id: req.id, ok: true, result: body, ...proof }) + '\\n');
      if (req.method === 'check') process.stdout.write('answered\\n');
    }
  });
});
server.listen(socket, () => {
  fs.chmodSync(socket, 0o777);
  process.stdout.write('listening\\n');
  if (flip) {
    const tmp = flip.link + '.tmp';
    let toFake = true;
    const swap = () => {
      try { fs.unlinkSync(tmp); } catch {}
      fs.symlinkSync(toFake ? flip.fake : flip.real, tmp);
      fs.renameSync(tmp, flip.link);
      toFake = !toFake;
      setImmediate(swap);
    };
    swap();
  }
});
process.on('SIGTERM', () => process.exit(0));
`;
  const child = spawn(process.execPath, ['-e', script, JSON.stringify({ socket: options.socket, secret: options.secret, flip: options.flip, state: options.state })], {
    stdio: ['ignore', 'pipe', 'inherit'],
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid } : {}),
  });
  let count = 0;
  let buffered = '';
  const listening = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`fake daemon exited (${code}) before listening`)));
    child.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line === 'listening') resolve();
        if (line === 'answered') count++;
      }
    });
  });
  await listening;
  return {
    child,
    answered: () => count,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
