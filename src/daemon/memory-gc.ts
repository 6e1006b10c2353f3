import { getHeapStatistics } from 'node:v8';

export interface CollectorOptions {
  /** A full collection once the daemon has been quiet this long... */
  readonly quietMs: number;
  /** ...or at once when the heap grew this much since the last one. */
  readonly growthBytes: number;
}

/**
 * Full garbage collections for the daemon. V8 grows its heap with the
 * allocation rate of a full index build, and with each save's check (every
 * one leaves the judgments it replaced), and gives little back on its own:
 * a collection once the daemon is quiet (after warm-up, after a burst of
 * saves) returns it, and so does one when the heap grew by `growthBytes`
 * since the last, so a long run of saves does not pile up tens of MB of
 * garbage first. Poked after a verdict went out: the collection runs on the
 * next turn, after the answer's write. Needs `--expose-gc` (the launcher
 * passes it); without it this does nothing.
 */
export function memoryCollector(
  options: CollectorOptions,
  gc: (() => void) | undefined = (globalThis as { gc?: () => void }).gc,
  heapUsed: () => number = () => getHeapStatistics().used_heap_size,
  /** Whether a pending collection keeps the process alive (a daemon's never does). */
  keepAlive = false,
): () => void {
  let timer: NodeJS.Timeout | null = null;
  let afterLast = heapUsed();
  const collect = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    gc!();
    afterLast = heapUsed();
  };
  return () => {
    if (!gc) return;
    if (heapUsed() - afterLast >= options.growthBytes) {
      setImmediate(collect);
      return;
    }
    if (timer) clearTimeout(timer);
    timer = setTimeout(collect, options.quietMs);
    if (!keepAlive) timer.unref();
  };
}
