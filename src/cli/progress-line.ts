/**
 * A one-line progress indicator for the cold index: shown only on a TTY and
 * only once the work has taken a second, so hooks and CI logs stay clean.
 */
export function progressLine(stream: NodeJS.WriteStream, delayMs = 1000): { update: (done: number, total: number) => void; done: () => void } {
  const started = Date.now();
  let shown = false;
  let last = 0;
  return {
    update: (done, total) => {
      if (!stream.isTTY) return;
      const now = Date.now();
      if (now - started < delayMs || now - last < 100) return;
      last = now;
      shown = true;
      stream.write(`\r\x1b[Kssot-guard: indexing ${done}/${total} files`);
    },
    done: () => {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
