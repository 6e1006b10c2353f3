/**
 * At most one run of `job` at a time, and at most one more queued: a call
 * while a run is in flight only marks that another run is wanted, and all
 * such calls become that one run, started when the current one ends.
 *
 * A coalescer alone does not bound the work of a long burst: a branch switch
 * that git spends seconds writing has many quiet gaps, each one a fire, and
 * each fire queued a full re-evaluation behind the one still running (a
 * 6,000-file checkout queued ~100 of them and kept the daemon busy, deaf to
 * status and stop, for half a minute after the burst).
 */
export function singleFlight(job: () => Promise<void>): { run(): void; readonly idle: Promise<void> } {
  let running: Promise<void> | null = null;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = job()
      .catch(() => {
        // The job reports its own failures; a rejection here must not stop later runs.
      })
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          run();
        }
      });
  };
  return {
    run,
    get idle() {
      return (async () => {
        while (running) await running;
      })();
    },
  };
}
