import { closeSync, openSync, readSync } from 'node:fs';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { nodeCrypto } from '../launch/node-crypto.js';
import type { CheckResult, RepoPath } from '../model/index.js';

/**
 * Newline-delimited JSON over the daemon's socket. Bump on any change to the
 * shapes below: a daemon speaking another version answers `stale` and exits.
 */
export const PROTOCOL_VERSION = 5;

/** Longest request line a daemon reads; anything longer is not a client of ours. */
export const MAX_LINE_BYTES = 1024 * 1024;

export type Method = 'check' | 'status' | 'stop' | 'subscribe';
export type CheckModeParam = 'staged' | 'all' | 'worktree';

export interface Request {
  readonly id: number | string;
  readonly v: number;
  readonly toolVersion: string;
  readonly method: Method;
  readonly params?: Record<string, unknown>;
  /**
   * Protocol 4: fresh random hex per request. The daemon answers with
   * `proof = proofOf(secret, nonce)`, the secret being the one in its state
   * file (0600, this user's alone): a client takes an answer only from a
   * process that proves it is the daemon whose state it read.
   */
  readonly nonce?: string;
}

export type ErrorCode = 'stale' | 'bad-request' | 'unknown-method' | 'wrong-repo' | 'check-failed' | 'shutting-down' | 'internal';

export interface ErrorBody {
  readonly code: ErrorCode;
  readonly message: string;
}

export type Response =
  | { readonly id: Request['id'] | null; readonly ok: true; readonly result: unknown; readonly proof?: string }
  | { readonly id: Request['id'] | null; readonly ok: false; readonly error: ErrorBody; readonly proof?: string };

const NONCE_BYTES = 16;

/**
 * A nonce for one request: 128 random bits from the kernel's generator, read
 * from /dev/urandom as node:crypto's randomBytes would get them, without
 * loading node:crypto (launch/node-crypto.ts).
 */
export function newNonce(): string {
  const bytes = Buffer.alloc(NONCE_BYTES);
  let fd: number | null = null;
  try {
    fd = openSync('/dev/urandom', 'r');
    if (readSync(fd, bytes, 0, NONCE_BYTES, null) !== NONCE_BYTES) throw new Error('short read');
  } catch {
    return nodeCrypto().randomBytes(NONCE_BYTES).toString('hex');
  } finally {
    if (fd !== null) closeSync(fd);
  }
  return bytes.toString('hex');
}

/**
 * What a daemon that knows `secret` answers to `nonce`: HMAC-SHA256, hex.
 * Computed by @noble/hashes, not node:crypto: the hook client checks one
 * proof per commit, and loading node:crypto for it cost each commit about
 * 1.7 ms (bundled, the hash is 8 kB of plain JavaScript and 0.1 ms).
 */
export function proofOf(secret: string, nonce: string): string {
  return bytesToHex(hmac(sha256, utf8ToBytes(secret), utf8ToBytes(`ssot-guard daemon proof ${nonce}`)));
}

/** Whether `proof` is `expected` (a proofOf), compared in time that does not depend on where they differ. */
export function isProof(expected: string, proof: unknown): boolean {
  if (typeof proof !== 'string' || proof.length !== expected.length) return false;
  let differ = 0;
  for (let i = 0; i < expected.length; i++) differ |= expected.charCodeAt(i) ^ proof.charCodeAt(i);
  return differ === 0;
}

/** Source lines by file and 1-based line: just the lines reporters draw code frames from. */
export type SourceExcerpt = Record<string, Record<number, string>>;

/** What `check` returns: the verdict, and enough source to print it exactly as the in-process path does. */
export interface CheckAnswer {
  readonly result: CheckResult;
  readonly sources: SourceExcerpt;
  /**
   * Every config file in the index judged, relative to the root. The daemon
   * judges the root's; a client whose check also governs another (a
   * monorepo's package configs) judges those itself.
   */
  readonly configs: readonly string[];
}

export interface DaemonStatus {
  readonly pid: number;
  readonly root: string;
  readonly uptimeMs: number;
  readonly filesIndexed: number;
  /** Blobs whose facts are in memory. */
  readonly factsCached: number;
  /** Fact-cache hits summed over every check this daemon ran. */
  readonly cacheHits: number;
  /** Checks answered from a precomputed verdict without touching git. */
  readonly verdictHits: number;
  readonly checks: number;
  /** Staged verdicts computed ahead of a request, after git moved the index or HEAD. */
  readonly precomputes: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** Time the last check request took inside the daemon; null before the first. */
  readonly lastCheckMs: number | null;
  readonly version: string;
  readonly configHash: string;
  /** Why the asking client would find this daemon stale, or null. */
  readonly stale: string | null;
}

/** Pushed to `subscribe` connections. */
export type DaemonEvent =
  /** latencyMs (protocol 2): from the file or git event to this verdict; null for a first verdict. */
  | { readonly event: 'verdict'; readonly result: CheckResult; readonly latencyMs?: number | null }
  | { readonly event: 'closing'; readonly reason: string };

export function encodeLine(message: Request | Response | DaemonEvent): string {
  return `${JSON.stringify(message)}\n`;
}

/** What protocol 4 required of a request and later versions ignore. */
const PROTOCOL_4_FIELDS = { configHash: '' } as const;

/**
 * A request as a client sends it: with the empty config hash protocol 4
 * required of every request (no daemon reads it since), so a daemon of
 * that version, still running after an upgrade, reads on to the version,
 * answers "stale" with its proof and exits, rather than refusing the line
 * with no proof, which a client must take for an impostor's answer.
 */
export function requestLine(request: Request): string {
  return encodeLine({ ...request, ...PROTOCOL_4_FIELDS });
}


/** Rebuilds the reporter's `sourceLine` from an excerpt. */
export function sourceLineOf(sources: SourceExcerpt): (file: RepoPath, line: number) => string | undefined {
  return (file, line) => (Object.hasOwn(sources, file) ? sources[file]![line] : undefined);
}

/**
 * Splits a byte stream into lines. Returns false once a line outgrows the
 * limit: the caller drops the connection rather than buffering without bound.
 */
export function lineSplitter(onLine: (line: string) => void, maxBytes: number = MAX_LINE_BYTES): (chunk: Buffer) => boolean {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  return (chunk) => {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
      const part = chunk.subarray(start, nl);
      const line = pending.length ? Buffer.concat([...pending, part]) : part;
      pending = [];
      pendingBytes = 0;
      start = nl + 1;
      if (line.length > maxBytes) return false;
      onLine(line.toString('utf8'));
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > maxBytes) return false;
    }
    return true;
  };
}

/** Shape check of an incoming request; the message is what the client sees. */
export function parseRequest(line: string): { request: Request } | { id: Request['id'] | null; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { id: null, error: 'request is not JSON' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { id: null, error: 'request is not a JSON object' };
  const r = raw as Record<string, unknown>;
  const id = typeof r['id'] === 'number' || typeof r['id'] === 'string' ? r['id'] : null;
  if (id === null) return { id, error: 'request needs an "id" (number or string)' };
  if (typeof r['v'] !== 'number') return { id, error: 'request needs "v" (protocol version)' };
  if (typeof r['toolVersion'] !== 'string') return { id, error: 'request needs "toolVersion"' };
  if (typeof r['method'] !== 'string') return { id, error: 'request needs "method"' };
  const params = r['params'];
  if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) return { id, error: '"params" must be an object' };
  if (r['nonce'] !== undefined && (typeof r['nonce'] !== 'string' || r['nonce'].length > 256)) return { id, error: '"nonce" must be a string of at most 256 characters' };
  return { request: raw as Request };
}
