import { ensureBenchRepo } from './generate-repo.js';
import { parseBenchArgs, USAGE } from './run-args.js';
import { renderTable, toJson, type Figure } from './figures.js';
import { resetRepo } from './repo-state.js';
import { stopDaemon } from './daemon-control.js';
import { coldCheck } from './scenarios/cold-check.js';
import { warmOneShot } from './scenarios/warm-one-shot.js';
import { afterCommit } from './scenarios/after-commit.js';
import { benchLog, daemonFigures, figureGuard, machineMeta, runMain } from './bench-session.js';

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
  const { log, seconds } = benchLog();
  const repo = ensureBenchRepo(args.params, log);
  const root = repo.root;
  log(`repo ${root}: ${repo.pyFiles} .py files, ${(repo.pyBytes / MB).toFixed(1)} MB (${repo.generated ? 'generated now' : 'reused'})`);

  // A run that died may have left a daemon or a staged edit behind.
  await stopDaemon(root, log);
  resetRepo(root);

  const figures: Figure[] = [];
  const guard = figureGuard(figures, log);
  try {
    await guard('a', () => coldCheck(root, log));
    await guard('b', () => warmOneShot(root, args.runs, FIGURE_BUDGET_MS, log));
    await guard('b2', () => afterCommit(root, args.runs, FIGURE_BUDGET_MS, log));
    await daemonFigures(root, args.runs, args.samples, FIGURE_BUDGET_MS, guard, figures, log, { check: 1.3, hook: 1.3 });
    // Printed in reading order, measured in the order that keeps them independent.
    figures.sort((x, y) => x.id.localeCompare(y.id));
  } finally {
    log('stopping the daemon, resetting the repo');
    await stopDaemon(root, log);
    resetRepo(root);
  }

  const totalS = seconds();
  const meta = {
    repo: { root, pyFiles: repo.pyFiles, pyBytes: repo.pyBytes, params: repo.params, generated: repo.generated, generateMs: repo.generateMs, head: repo.head },
    machine: machineMeta(),
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

runMain(main);
