import { spawnSync } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { ensureBenchRepo } from './generate-repo.js';
import { parseBenchArgs, USAGE } from './run-args.js';
import { renderTable, toJson, withinBudget, type Figure } from './figures.js';
import { resetRepo } from './repo-state.js';
import { statusWithin, stopDaemon } from './daemon-control.js';
import { coldCheck } from './scenarios/cold-check.js';
import { warmOneShot } from './scenarios/warm-one-shot.js';
import { afterCommit } from './scenarios/after-commit.js';
import { failed, warmDaemon } from './scenarios/warm-daemon.js';
import { saveToVerdict } from './scenarios/save-to-verdict.js';
import { hookScript } from './scenarios/hook-script.js';
import type { DaemonStatus } from '../src/daemon/protocol.js';

/**
 * `node <outDir>/bench/run.js`: generate (or reuse) the synthetic monorepo,
 * then measure every figure in one run, each against a reference taken in the
 * same run on the same machine, so the ratios survive a slow or busy machine
 * better than absolute times do.
 */

/**
 * Repeated figures stop starting new samples after this long: a subject that
 * takes a minute a run gets one sample, not ten (the run stays bounded).
 */
const FIGURE_BUDGET_MS = 60_000;
const MB = 1024 * 1024;

async function main(): Promise<number> {
  let args;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const began = performance.now();
  const log = (line: string): void => {
    process.stderr.write(`[${((performance.now() - began) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
  };
  const repo = ensureBenchRepo(args.params, log);
  const root = repo.root;
  log(`repo ${root}: ${repo.pyFiles} .py files, ${(repo.pyBytes / MB).toFixed(1)} MB (${repo.generated ? 'generated now' : 'reused'})`);

  // A run that died may have left a daemon or a staged edit behind.
  await stopDaemon(root, log);
  resetRepo(root);

  const figures: Figure[] = [];
  const guard = async (id: string, job: () => Promise<Figure | Figure[]> | Figure | Figure[]): Promise<void> => {
    try {
      const f = await job();
      figures.push(...(Array.isArray(f) ? f : [f]));
    } catch (err) {
      log(`(${id}) failed: ${(err as Error).stack ?? String(err)}`);
      figures.push(failed(id, `failed: ${(err as Error).message.split('\n')[0]}`));
    }
  };
  let afterC: DaemonStatus | null = null;
  let afterD: DaemonStatus | null = null;
  try {
    await guard('a', () => coldCheck(root, log));
    await guard('b', () => warmOneShot(root, args.runs, FIGURE_BUDGET_MS, log));
    await guard('b2', () => afterCommit(root, args.runs, FIGURE_BUDGET_MS, log));
    await guard('c', async () => {
      const c = await warmDaemon(root, args.runs, FIGURE_BUDGET_MS, log);
      afterC = await statusWithin(root, 120_000);
      return c;
    });
    if (afterC) {
      await guard('d', () => saveToVerdict(root, args.samples, log));
      afterD = await statusWithin(root, 120_000);
      await guard('c2', () => hookScript(root, args.runs, FIGURE_BUDGET_MS, log) ?? []);
    } else figures.push(failed('d', 'no warm daemon: skipped'));
    figures.push(memoryFigure(afterC, afterD));
    // Printed in reading order, measured in the order that keeps them independent.
    figures.sort((x, y) => x.id.localeCompare(y.id));
  } finally {
    log('stopping the daemon, resetting the repo');
    await stopDaemon(root, log);
    resetRepo(root);
  }

  const totalS = (performance.now() - began) / 1000;
  const meta = {
    repo: { root, pyFiles: repo.pyFiles, pyBytes: repo.pyBytes, params: repo.params, generated: repo.generated, generateMs: repo.generateMs, head: repo.head },
    machine: { node: process.version, python: pythonVersion(), cpus: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', platform: process.platform },
    runs: args.runs,
    samples: args.samples,
    totalSeconds: Math.round(totalS),
  };
  if (args.json) process.stdout.write(toJson(meta, figures));
  else {
    const header = [
      `ssot-guard bench: ${repo.params.modules} modules, ${repo.pyFiles} .py files, ${(repo.pyBytes / MB).toFixed(1)} MB (${repo.generated ? `generated in ${(repo.generateMs / 1000).toFixed(1)} s` : 'reused'}) at ${root}`,
      `node ${process.version}, ${meta.machine.python}, ${meta.machine.cpus} CPUs (${meta.machine.cpu}); --runs ${args.runs}, --samples ${args.samples}; whole run ${totalS.toFixed(0)} s`,
    ];
    process.stdout.write(renderTable(header, figures));
  }
  return 0;
}

/** (e) Resident memory of the warm daemon, read from its own status after (c) and after (d). */
function memoryFigure(afterC: DaemonStatus | null, afterD: DaemonStatus | null): Figure {
  const c = afterC ? afterC.rssBytes / MB : null;
  const d = afterD ? afterD.rssBytes / MB : null;
  const worst = c === null && d === null ? null : Math.max(c ?? 0, d ?? 0);
  const show = (v: number | null): string => (v === null ? 'n/a (no status answer)' : `${v.toFixed(1)} MB`);
  return withinBudget(
    'e',
    'daemon RSS (max of after c, after d)',
    worst,
    'MB',
    250,
    [`after c ${show(c)}, after d ${show(d)}; heap after d ${afterD ? `${(afterD.heapUsedBytes / MB).toFixed(1)} MB` : 'n/a'}`],
    { afterCBytes: afterC?.rssBytes ?? null, afterDBytes: afterD?.rssBytes ?? null },
  );
}

function pythonVersion(): string {
  const r = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : 'no python3';
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
