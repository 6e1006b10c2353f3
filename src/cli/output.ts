import { fstatSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Where a command's verdict and messages go. Two kinds: node's process
 * streams (the CLI, whose other code writes to them too), and write(2) on
 * fds 1 and 2 (the hook answered by the daemon, which then exits).
 */
export interface Output {
  /** Whether stdout is a terminal: colour on `auto`. */
  stdoutIsTerminal(): boolean;
  stdout(text: string): void;
  stderr(text: string): void;
  /** A reader that stopped reading (`ssot-guard check | head`) is not a failure of the check: the verdict's exit code stands. */
  ignoreBrokenPipe(): void;
}

export const streamOutput: Output = {
  stdoutIsTerminal: () => Boolean(process.stdout.isTTY),
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  ignoreBrokenPipe: () => {
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
    });
  },
};

export interface DirectOutput extends Output {
  /** Ends the process with `code` once everything written is out. */
  exit(code: number): Promise<never>;
}

/**
 * Output by write(2) on fds 1 and 2: no stream is made (node's stdout and
 * stderr streams, and the exit that waits for them, cost a commit about
 * 3 ms on top of a bare node). A non-blocking pipe that is full takes the
 * rest through node's stream, which waits for it to drain; a reader that is
 * gone gets nothing more, as with the stream.
 */
export function directOutput(): DirectOutput {
  const pending = new Map<1 | 2, Buffer[]>([
    [1, []],
    [2, []],
  ]);
  const write = (fd: 1 | 2, text: string): void => {
    const queue = pending.get(fd)!;
    const bytes = Buffer.from(text);
    // Once something waits for the stream, the rest goes after it, in order.
    if (queue.length) return void queue.push(bytes);
    let done = 0;
    while (done < bytes.length) {
      try {
        done += writeSync(fd, bytes, done);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') return void queue.push(bytes.subarray(done));
        if (code === 'EPIPE') return;
        throw err;
      }
    }
  };
  return {
    stdoutIsTerminal: () => isTerminal(1),
    stdout: (text) => write(1, text),
    stderr: (text) => write(2, text),
    ignoreBrokenPipe: () => {},
    exit: (code) => {
      const waiting = [...pending].filter(([, queue]) => queue.length > 0);
      if (!waiting.length) process.exit(code);
      process.exitCode = code;
      const flushed = waiting.map(
        ([fd, queue]) =>
          new Promise<void>((done) => {
            const stream = fd === 1 ? process.stdout : process.stderr;
            stream.on('error', () => done());
            stream.write(Buffer.concat(queue), () => done());
          }),
      );
      return Promise.all(flushed).then(() => process.exit(code));
    },
  };
}

/**
 * isatty(fd), loading node:tty only for a character device: a pipe or a
 * file (a hook run by an editor, a test, a benchmark) cannot be a terminal,
 * and node:tty loads node:net, 2.3 ms of a commit.
 */
function isTerminal(fd: number): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return (createRequire(import.meta.filename)('node:tty') as typeof import('node:tty')).isatty(fd);
}
