import { createConnection, type Socket } from 'node:net';
import { isProof, lineSplitter, newNonce, proofOf, requestLine, type DaemonEvent, type Request, type Response } from '../daemon/protocol.js';

/** Answers carry whole verdicts; only a runaway stream is cut off. */
const MAX_ANSWER_BYTES = 256 * 1024 * 1024;

export type Unavailable = 'no-socket' | 'refused' | 'timeout' | 'closed' | 'protocol' | 'io' | 'unproven';

/** Why the daemon could not answer; every one of them means "judge in-process instead". */
export class DaemonUnavailable extends Error {
  constructor(
    readonly reason: Unavailable,
    message: string,
  ) {
    super(message);
  }
}

function unavailableFrom(err: NodeJS.ErrnoException): DaemonUnavailable {
  if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return new DaemonUnavailable('no-socket', 'no daemon socket');
  if (err.code === 'ECONNREFUSED' || err.code === 'ECONNRESET' || err.code === 'EPIPE') return new DaemonUnavailable('refused', `daemon socket refused: ${err.code}`);
  return new DaemonUnavailable('io', `daemon socket: ${err.message}`);
}

/**
 * With `secret` (the daemon's, from its state file): a fresh nonce goes with
 * the request, and what answers must prove it knows the secret. The socket
 * path is only a name: between our look at it and the connect, whoever can
 * change a directory on the way could put another listener there.
 */
function proving(request: Request, secret: string | undefined): { request: Request; check: (response: Response) => string | null } {
  if (secret === undefined) return { request, check: () => null };
  const nonce = newNonce();
  return {
    request: { ...request, nonce },
    check: (response) => (isProof(proofOf(secret, nonce), response.proof) ? null : 'the process at the daemon socket did not prove it is the daemon named in the state file (no or wrong proof)'),
  };
}

/**
 * One request, one answer, one deadline covering connect, send and answer: a
 * hung daemon costs the commit at most `timeoutMs`, never a hang.
 */
export function sendRequest(socketPath: string, unproven: Request, timeoutMs: number, secret?: string): Promise<Response> {
  const { request, check } = proving(unproven, secret);
  return new Promise((resolve, reject) => {
    let settled = false;
    const socket: Socket = createConnection(socketPath);
    const finish = (err: DaemonUnavailable | null, response?: Response): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(response!);
    };
    const timer = setTimeout(() => finish(new DaemonUnavailable('timeout', `daemon did not answer within ${timeoutMs} ms`)), timeoutMs);
    const feed = lineSplitter((line) => {
      try {
        const parsed = JSON.parse(line) as Response;
        if (typeof parsed !== 'object' || parsed === null || typeof parsed.ok !== 'boolean') throw new Error('not a response');
        if (parsed.id !== request.id) throw new Error(`answer to request ${String(parsed.id)}, expected ${String(request.id)}`);
        const unprovenWhy = check(parsed);
        if (unprovenWhy) finish(new DaemonUnavailable('unproven', unprovenWhy));
        else finish(null, parsed);
      } catch (err) {
        finish(new DaemonUnavailable('protocol', `bad answer from daemon: ${(err as Error).message}`));
      }
    }, MAX_ANSWER_BYTES);
    socket.on('connect', () => socket.write(requestLine(request)));
    socket.on('data', (chunk: Buffer) => {
      if (!feed(chunk)) finish(new DaemonUnavailable('protocol', 'daemon answer too long'));
    });
    socket.on('error', (err) => finish(unavailableFrom(err)));
    socket.on('close', () => finish(new DaemonUnavailable('closed', 'daemon closed the connection without answering')));
  });
}

export interface Subscription {
  /** Resolves when the daemon closes the stream (or it fails). */
  readonly ended: Promise<void>;
  close(): void;
}

/**
 * `subscribe`: the daemon's first answer, then verdict events until either side
 * closes. For watch mode; a hook never subscribes.
 */
export function subscribe(
  socketPath: string,
  unproven: Request,
  onEvent: (event: DaemonEvent) => void,
  timeoutMs: number,
  secret?: string,
): Promise<Subscription> {
  const { request, check } = proving(unproven, secret);
  return new Promise((resolve, reject) => {
    const socket = createConnection(socketPath);
    let answered = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new DaemonUnavailable('timeout', `daemon did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const ended = new Promise<void>((done) =>
      socket.on('close', () => {
        done();
        if (answered) return;
        answered = true;
        clearTimeout(timer);
        reject(new DaemonUnavailable('closed', 'daemon closed the connection without answering'));
      }),
    );
    const feed = lineSplitter((line) => {
      let message: Response | DaemonEvent;
      try {
        message = JSON.parse(line) as Response | DaemonEvent;
      } catch {
        socket.destroy();
        return;
      }
      if (!answered) {
        answered = true;
        clearTimeout(timer);
        const response = message as Response;
        const unprovenWhy = check(response);
        if (unprovenWhy) {
          socket.destroy();
          reject(new DaemonUnavailable('unproven', unprovenWhy));
        } else if (response.ok) resolve({ ended, close: () => socket.destroy() });
        else {
          socket.destroy();
          reject(new DaemonUnavailable('protocol', `${response.error.code}: ${response.error.message}`));
        }
        return;
      }
      onEvent(message as DaemonEvent);
    }, MAX_ANSWER_BYTES);
    socket.on('connect', () => socket.write(requestLine(request)));
    socket.on('data', (chunk: Buffer) => {
      if (!feed(chunk)) socket.destroy();
    });
    socket.on('error', (err) => {
      if (answered) return;
      clearTimeout(timer);
      answered = true;
      reject(unavailableFrom(err));
    });
  });
}
