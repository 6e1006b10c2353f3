import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MAIN_FACTORY } from '../repo-plan.js';
import { benchDaemonPaths } from '../daemon-control.js';
import { fmt, withinBudget, type Figure } from '../figures.js';
import { percentile } from '../measure.js';
import { VerdictWatch } from '../verdict-watch.js';

const TITLE = 'save -> pushed worktree verdict (p50)';

/** A file in a rule's scope, and a line that, appended to it, adds exactly one violation. */
export interface Toggle {
  readonly file: string;
  readonly line: string;
  readonly budgetMs: number;
}

/** Appended to the main factory (which uses the bridge): one more mix, through the package re-export. */
const SYNTHETIC: Toggle = {
  file: MAIN_FACTORY,
  line: '\nfrom app.websocket_core import WebSocketManager as BenchToggleManager  # bench: legacy toggled on\n',
  budgetMs: 50,
};
const SAMPLE_TIMEOUT_MS = 10_000;
/** The first worktree verdict is a full working-tree read and evaluation. */
const INITIAL_TIMEOUT_MS = 5 * 60 * 1000;
/** After this many misses in a row the daemon is not keeping up; more samples only queue more work. */
const GIVE_UP_AFTER = 3;

/**
 * (d) Save -> updated verdict, as watch mode sees it: from just before the
 * write of a file in scope to the pushed `worktree` verdict whose violation
 * count reflects it, toggling the violation on and off.
 */
export async function saveToVerdict(root: string, samples: number, log: (line: string) => void, toggle: Toggle = SYNTHETIC): Promise<Figure> {
  const file = join(root, toggle.file);
  const original = await readFile(file, 'utf8');
  const watch = await VerdictWatch.open(benchDaemonPaths(root), 30_000);
  const latencies: number[] = [];
  const daemonSide: number[] = [];
  const misses: number[] = [];
  let stoppedEarly = '';
  try {
    log('(d) subscribed; waiting for the first worktree verdict');
    const t0 = performance.now();
    const first = await watch.next(0, (v) => v.snapshot === 'worktree', INITIAL_TIMEOUT_MS);
    if (!first) return notMeasured(`no worktree verdict within ${INITIAL_TIMEOUT_MS / 1000} s of subscribing`, toggle.budgetMs);
    const base = first.violations;
    log(`(d) first worktree verdict after ${fmt(first.at - t0)} (${base} violations); ${samples} toggles`);
    let missedInARow = 0;
    for (let i = 0; i < samples; i++) {
      const on = i % 2 === 0;
      const want = base + (on ? 1 : 0);
      const before = performance.now();
      await writeFile(file, on ? `${original}${toggle.line}` : original);
      const got = await watch.next(before, (v) => v.snapshot === 'worktree' && v.violations === want, SAMPLE_TIMEOUT_MS);
      if (got) {
        latencies.push(got.at - before);
        if (got.daemonMs !== null) daemonSide.push(got.daemonMs);
        missedInARow = 0;
      } else {
        misses.push(i);
        missedInARow++;
        log(`(d)   sample ${i + 1}: no verdict with ${want} violations within ${SAMPLE_TIMEOUT_MS / 1000} s`);
        if (missedInARow >= GIVE_UP_AFTER) {
          stoppedEarly = `stopped after ${i + 1} of ${samples}: ${GIVE_UP_AFTER} misses in a row`;
          break;
        }
      }
    }
  } finally {
    watch.close();
    await writeFile(file, original);
  }
  const p50 = percentile(latencies, 50);
  return withinBudget(
    'd',
    TITLE,
    p50,
    'ms',
    toggle.budgetMs,
    [
      `p90 ${fmt(percentile(latencies, 90))}; ${latencies.length} ok, ${misses.length} failed (no verdict within ${SAMPLE_TIMEOUT_MS / 1000} s)${stoppedEarly ? `; ${stoppedEarly}` : ''}`,
      ...(daemonSide.length ? [`the daemon's own latencyMs (event -> verdict): p50 ${fmt(percentile(daemonSide, 50))}, p90 ${fmt(percentile(daemonSide, 90))}`] : []),
    ],
    { latenciesMs: latencies, daemonLatencyMs: daemonSide, failedSamples: misses },
  );
}

function notMeasured(why: string, budgetMs: number): Figure {
  return withinBudget('d', TITLE, null, 'ms', budgetMs, [why], {});
}
