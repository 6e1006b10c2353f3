export interface CoalesceOptions {
  /** Fire once events have been quiet this long... */
  readonly quietMs: number;
  /** ...or this long after the first unfired event, whichever comes first: a steady stream still gets answers. */
  readonly maxWaitMs: number;
  /**
   * Fire at once on an event that ends a quiet spell (a single save is
   * answered without waiting); events right after it are coalesced as usual.
   */
  readonly leading?: boolean;
  /** How long a leading fire waits (default: the next turn of the event loop). */
  readonly leadingDelayMs?: number;
}

export interface Coalescer {
  /** Something changed: fire later. */
  poke(): void;
  /** While held (git holds index.lock), nothing fires; releasing fires what is pending. */
  hold(on: boolean): void;
  readonly held: boolean;
  cancel(): void;
}

/**
 * Turns a burst of file events (a checkout touching hundreds of files, git
 * writing index.lock then renaming it) into one re-evaluation.
 */
export function coalesce(fire: () => void, options: CoalesceOptions): Coalescer {
  let timer: NodeJS.Timeout | null = null;
  let firstAt: number | null = null;
  let held = false;
  /**
   * When the last event came: a leading fire needs a quiet spell of events
   * before it. Of events, not of fires: a save's late duplicate event fires
   * a run that finds nothing new, and the next save, a moment later, must
   * still be answered at once.
   */
  let lastPoke = -Infinity;

  const clear = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const arm = (): void => {
    clear();
    if (firstAt === null || held) return;
    const wait = Math.max(0, Math.min(options.quietMs, firstAt + options.maxWaitMs - Date.now()));
    timer = setTimeout(() => {
      timer = null;
      if (held) return;
      firstAt = null;
      fire();
    }, wait);
  };

  return {
    poke: () => {
      const now = Date.now();
      const quiet = now - lastPoke >= options.quietMs;
      lastPoke = now;
      if (options.leading && !held && firstAt === null && quiet) {
        // Not synchronously: the caller finishes handling its event first.
        timer = setTimeout(() => {
          timer = null;
          if (!held) fire();
        }, options.leadingDelayMs ?? 0);
        return;
      }
      firstAt ??= now;
      arm();
    },
    hold: (on) => {
      if (held === on) return;
      held = on;
      if (on) clear();
      // The lock just went away: the index it guarded is final now. Restart the wait from here.
      else if (firstAt !== null) {
        firstAt = Date.now();
        arm();
      }
    },
    get held() {
      return held;
    },
    cancel: () => {
      clear();
      firstAt = null;
    },
  };
}
