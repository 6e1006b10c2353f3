import { chmodSync, statSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { encodeLine, lineSplitter, parseRequest, type DaemonEvent, type ErrorCode, type Request, type Response } from './protocol.js';

/** A failure the client should see as `{ ok: false, error: { code, message } }`. */
export class RequestError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface Peer {
  send(event: DaemonEvent): void;
  readonly closed: Promise<void>;
}

export type Handler = (request: Request, peer: Peer) => Promise<unknown>;

export interface SocketServer {
  /** Inode of the socket file we bound: cleanup removes the path only while it is still ours. */
  readonly inode: number;
  /** Requests accepted and not yet answered. */
  readonly inFlight: number;
  /**
   * Stop accepting. libuv unlinks the socket path as it closes the listener,
   * by name: call this only while the path is still ours, or a successor's
   * socket goes with it (an exiting process does not unlink).
   */
  stopAccepting(): void;
  /** Answer what is in flight (bounded), then end every connection. */
  drain(graceMs: number): Promise<void>;
}

/**
 * NDJSON over a unix socket. Every request gets exactly one answer, whatever
 * it contains: a bad line is answered with an error, a handler that throws is
 * answered with an error, and nothing a client sends can crash the daemon.
 */
export async function listenSocket(path: string, handler: Handler, log: (m: string) => void, prove: (nonce: string) => string = () => ''): Promise<SocketServer> {
  const sockets = new Set<Socket>();
  let inFlight = 0;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    let closedResolve!: () => void;
    const closed = new Promise<void>((r) => (closedResolve = r));
    socket.on('close', () => {
      sockets.delete(socket);
      closedResolve();
    });
    socket.on('error', () => {
      // EPIPE / ECONNRESET: the client gave up (its timeout); nothing to answer.
    });
    const write = (message: Response | DaemonEvent): void => {
      if (!socket.destroyed && socket.writable) socket.write(encodeLine(message));
    };
    const peer: Peer = { send: write, closed };
    const answer = async (line: string): Promise<void> => {
      if (!line.trim()) return;
      const parsed = parseRequest(line);
      if (!('request' in parsed)) {
        write({ id: parsed.id, ok: false, error: { code: 'bad-request', message: parsed.error } });
        return;
      }
      const { request } = parsed;
      // The client's proof that this is the daemon whose state file it read (protocol.ts).
      const proof = typeof request.nonce === 'string' ? { proof: prove(request.nonce) } : {};
      inFlight++;
      try {
        write({ id: request.id, ok: true, result: await handler(request, peer), ...proof });
      } catch (err) {
        const code: ErrorCode = err instanceof RequestError ? err.code : 'internal';
        if (code === 'internal') log(`request ${request.method} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        write({ id: request.id, ok: false, error: { code, message: err instanceof Error ? err.message : String(err) }, ...proof });
      } finally {
        inFlight--;
      }
    };
    const feed = lineSplitter((line) => void answer(line));
    socket.on('data', (chunk: Buffer) => {
      if (!feed(chunk)) {
        write({ id: null, ok: false, error: { code: 'bad-request', message: 'request line too long' } });
        socket.end();
      }
    });
  });

  // Owner-only from the first instant: umask covers the window between bind and chmod.
  const previous = process.umask(0o077);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(previous);
  }
  chmodSync(path, 0o600);
  server.on('error', (err) => log(`server error: ${err.message}`));
  const inode = statSync(path).ino;

  return {
    inode,
    get inFlight() {
      return inFlight;
    },
    stopAccepting: () => {
      if (server.listening) server.close();
    },
    drain: async (graceMs) => {
      const deadline = Date.now() + graceMs;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      await Promise.all(
        [...sockets].map(
          (s) =>
            new Promise<void>((resolve) => {
              const t = setTimeout(() => {
                s.destroy();
                resolve();
              }, Math.max(50, deadline - Date.now()));
              s.once('close', () => {
                clearTimeout(t);
                resolve();
              });
              s.end();
            }),
        ),
      );
    },
  };
}
