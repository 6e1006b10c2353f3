import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { BlobReader, BlobSha } from '../model/index.js';
import type { GitRepo } from './repo.js';
import { gitEnv } from './run-git.js';

/** Full hex object names only (sha1 or sha256 repositories): a space or newline in a request would desync the protocol. */
const OBJECT_NAME = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
const LF = 0x0a;

interface Pending {
  readonly sha: BlobSha;
  resolve(b: Buffer): void;
  reject(e: Error): void;
}

/**
 * One `git cat-file --batch` process and the parser of its answers, which
 * come back in request order: `<sha> SP <type> SP <size> LF <bytes> LF`, or
 * `<sha> SP missing LF`. Each body is copied once into a buffer of its exact
 * size as chunks arrive, so 100 MB of output costs 100 MB of copying, not a
 * re-concatenation per chunk.
 */
class BatchProcess {
  /** Answered requests are nulled: their callbacks hold the promises they settled, and those the blobs. */
  private readonly queue: Array<Pending | null> = [];
  /** Index of the request the next answer belongs to; the queue is compacted lazily. */
  private next = 0;
  /** Bytes of a header line split across chunks (headers are short; bodies never go here). */
  private header: Buffer[] = [];
  private body: Buffer | null = null;
  private bodyType = '';
  private filled = 0;
  private expectLf = false;
  private stderr = '';
  private dead = false;
  private readonly child: ChildProcessWithoutNullStreams;

  constructor(
    root: string,
    private readonly onExit: (self: BatchProcess) => void,
  ) {
    this.child = spawn('git', ['cat-file', '--batch'], { cwd: root, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.child.stderr.on('data', (b: Buffer) => {
      if (this.stderr.length < 4096) this.stderr += b.toString('utf8');
    });
    // Writes after git died fail with EPIPE; 'close' below reports the death once.
    this.child.stdin.on('error', () => {});
    this.child.on('error', (e) => this.fail(new Error(`cannot run git cat-file --batch in ${root}: ${e.message}`)));
    this.child.on('close', (code, signal) => {
      const how = code === null ? `killed by ${signal}` : `exit ${code}`;
      this.fail(new Error(`git cat-file --batch ended (${how}) before answering: ${this.stderr.trim() || 'no message'}`));
    });
  }

  get pending(): number {
    return this.queue.length - this.next;
  }

  request(sha: BlobSha, resolve: (b: Buffer) => void, reject: (e: Error) => void): void {
    if (this.dead) return reject(new Error(`git cat-file --batch is not running; cannot read ${sha}`));
    this.queue.push({ sha, resolve, reject });
    this.child.stdin.write(`${sha}\n`);
  }

  /** git answers everything already asked before it sees end of input. */
  end(): void {
    this.child.stdin.end();
  }

  private settle(): Pending {
    const p = this.queue[this.next]!;
    // A long-lived reader (the daemon's) compacts only past 1,024 answers: until then a kept request kept its blob.
    this.queue[this.next++] = null;
    if (this.next > 1024 && this.next * 2 > this.queue.length) {
      this.queue.splice(0, this.next);
      this.next = 0;
    }
    return p;
  }

  private fail(err: Error): void {
    if (this.dead) return;
    this.dead = true;
    this.child.stdout.removeAllListeners('data');
    for (let i = this.next; i < this.queue.length; i++) this.queue[i]!.reject(err);
    this.queue.length = 0;
    this.next = 0;
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
    this.onExit(this);
  }

  private onData(chunk: Buffer): void {
    let pos = 0;
    while (pos < chunk.length && !this.dead) {
      if (this.expectLf) {
        if (chunk[pos] !== LF) return this.fail(new Error('git cat-file --batch: protocol error (no newline after object)'));
        pos++;
        this.expectLf = false;
      } else if (this.body) {
        const n = Math.min(this.body.length - this.filled, chunk.length - pos);
        chunk.copy(this.body, this.filled, pos, pos + n);
        this.filled += n;
        pos += n;
        if (this.filled === this.body.length) this.finishBody();
      } else {
        const nl = chunk.indexOf(LF, pos);
        if (nl < 0) {
          this.header.push(chunk.subarray(pos));
          return;
        }
        this.header.push(chunk.subarray(pos, nl));
        const line = Buffer.concat(this.header).toString('utf8');
        this.header = [];
        pos = nl + 1;
        this.onHeader(line);
      }
    }
  }

  private onHeader(line: string): void {
    const [, type, size] = line.split(' ');
    if (this.pending === 0) return this.fail(new Error(`git cat-file --batch: answer with no request: ${line}`));
    if (size === undefined) {
      // `missing`, or `ambiguous` for a short name: an answer about this request only.
      const p = this.settle();
      const why = type === 'missing' ? 'is missing from the repository' : `cannot be read (git says: ${line})`;
      return p.reject(new Error(`git object ${p.sha} ${why}`));
    }
    const length = Number(size);
    if (!Number.isSafeInteger(length) || length < 0) return this.fail(new Error(`git cat-file --batch: protocol error: ${line}`));
    this.body = Buffer.allocUnsafe(length);
    this.bodyType = type ?? '';
    this.filled = 0;
    if (length === 0) this.finishBody();
  }

  private finishBody(): void {
    const body = this.body!;
    this.body = null;
    this.expectLf = true;
    const p = this.settle();
    // A tree or commit sha asked for as a blob: its bytes are not file content.
    if (this.bodyType !== 'blob') p.reject(new Error(`git object ${p.sha} is a ${this.bodyType}, not a blob`));
    else p.resolve(body);
  }
}

/**
 * A BlobReader backed by ONE long-lived `git cat-file --batch`: requests are
 * pipelined (all written at once, answered in order). If git dies, every
 * unanswered request is rejected and the next read starts a new process.
 * `close()` lets git finish what was asked, then it exits; reads after close reject.
 */
export function openBlobReader(repo: GitRepo): BlobReader {
  let proc: BatchProcess | null = null;
  let closed = false;
  const forget = (p: BatchProcess): void => {
    if (proc === p) proc = null;
  };
  return {
    read(sha: BlobSha): Promise<Buffer> {
      return new Promise((resolve, reject) => {
        if (closed) return reject(new Error(`blob reader is closed; cannot read ${sha}`));
        if (!OBJECT_NAME.test(sha)) return reject(new Error(`not a full git object name: ${JSON.stringify(sha)}`));
        proc ??= new BatchProcess(repo.root, forget);
        proc.request(sha, resolve, reject);
      });
    },
    candidateFile: () => null,
    close(): void {
      closed = true;
      proc?.end();
      proc = null;
    },
  };
}

/** Convenience for one-off reads of many blobs; rejects if any is missing. */
export async function readBlobs(repo: GitRepo, shas: readonly BlobSha[]): Promise<Map<BlobSha, Buffer>> {
  const reader = openBlobReader(repo);
  try {
    const unique = [...new Set(shas)];
    const bodies = await Promise.all(unique.map((s) => reader.read(s)));
    return new Map(unique.map((s, i) => [s, bodies[i]!]));
  } finally {
    reader.close();
  }
}
