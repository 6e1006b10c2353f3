/**
 * A full garbage collection once the daemon has been quiet for a moment
 * (after warm-up, after a burst of saves). V8 grows its heap with the
 * allocation rate of a full index build and gives little back on its own; a
 * collection while nobody waits returns it. Needs `--expose-gc` (the
 * launcher passes it); without it this does nothing.
 */
export function idleCollector(
  quietMs: number,
  gc: (() => void) | undefined = (globalThis as { gc?: () => void }).gc,
  /** Whether a pending collection keeps the process alive (a daemon's never does). */
  keepAlive = false,
): () => void {
  let timer: NodeJS.Timeout | null = null;
  return () => {
    if (!gc) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      gc();
    }, quietMs);
    if (!keepAlive) timer.unref();
  };
}
