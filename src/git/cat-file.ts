import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { BlobReader, BlobSha } from '../model/index.js';
import type { GitRepo } from './repo.js';
import { gitEnv } from './run-git.js';

interface Pending {
  readonly sha: BlobSha;
  resolve(b: Buffer): void;
  reject(e: Error): void;
}

/**
 * One long-lived `git cat-file --batch`: requests are pipelined in order and
 * answers parsed as bytes arrive (`<sha> blob <size>\n<bytes>\n`, or
 * `<sha> missing\n`). Each body is copied once into a buffer of its exact size.
 */
export function openBlobReader(repo: GitRepo): BlobReader {
  let child: ChildProcessWithoutNullStreams | null = null;
  const queue: Pending[] = [];
  let head: Buffer = Buffer.alloc(0);
  let body: Buffer | null = null;
  let filled = 0;
  let skipNewline = false;

  const failAll = (err: Error): void => {
    while (queue.length) queue.shift()!.reject(err);
    child = null;
    head = Buffer.alloc(0);
    body = null;
    skipNewline = false;
  };

  const onData = (chunk: Buffer): void => {
    let pos = 0;
    while (pos < chunk.length) {
      if (skipNewline) {
        pos++;
        skipNewline = false;
        continue;
      }
      if (body) {
        const n = Math.min(body.length - filled, chunk.length - pos);
        chunk.copy(body, filled, pos, pos + n);
        filled += n;
        pos += n;
        if (filled === body.length) {
          queue.shift()?.resolve(body);
          body = null;
          skipNewline = true;
        }
        continue;
      }
      const nl = chunk.indexOf(0x0a, pos);
      if (nl < 0) {
        head = Buffer.concat([head, chunk.subarray(pos)]);
        return;
      }
      const line = Buffer.concat([head, chunk.subarray(pos, nl)]).toString('utf8');
      head = Buffer.alloc(0);
      pos = nl + 1;
      const [sha, type, size] = line.split(' ');
      if (type === 'missing' || size === undefined) {
        queue.shift()?.reject(new Error(`git object ${sha} is missing from the repository`));
        continue;
      }
      body = Buffer.allocUnsafe(Number(size));
      filled = 0;
      if (body.length === 0) {
        queue.shift()?.resolve(body);
        body = null;
        skipNewline = true;
      }
    }
  };

  const start = (): ChildProcessWithoutNullStreams => {
    const c = spawn('git', ['cat-file', '--batch'], { cwd: repo.root, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const stderr: Buffer[] = [];
    c.stdout.on('data', onData);
    c.stderr.on('data', (b: Buffer) => stderr.push(b));
    c.stdin.on('error', () => {});
    c.on('error', (e) => failAll(new Error(`cannot run git cat-file: ${e.message}`)));
    c.on('close', (code) => {
      if (child === c) failAll(new Error(`git cat-file exited (${code}) with ${queue.length} request(s) unanswered: ${Buffer.concat(stderr).toString('utf8').trim()}`));
    });
    return c;
  };

  return {
    read(sha: BlobSha): Promise<Buffer> {
      return new Promise((resolve, reject) => {
        child ??= start();
        queue.push({ sha, resolve, reject });
        child.stdin.write(`${sha}\n`);
      });
    },
    close(): void {
      const c = child;
      child = null;
      c?.stdin.end();
    },
  };
}

/** Convenience for one-off reads of many blobs. */
export async function readBlobs(repo: GitRepo, shas: readonly BlobSha[]): Promise<Map<BlobSha, Buffer>> {
  const reader = openBlobReader(repo);
  try {
    const out = new Map<BlobSha, Buffer>();
    await Promise.all(shas.map(async (s) => out.set(s, await reader.read(s))));
    return out;
  } finally {
    reader.close();
  }
}
