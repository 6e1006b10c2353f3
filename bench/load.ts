import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { askDaemonSocket } from '../src/client/ask-daemon.js';
import { packageVersion } from '../src/config/package-version.js';
import { ensureBenchRepo, DEFAULT_PARAMS } from './generate-repo.js';
import { startDaemon, stopDaemon, waitWarm } from './daemon-control.js';
import { git } from './git-commit-all.js';
import { fmt, renderTable, versusNode, type Figure } from './figures.js';
import { percentile } from './measure.js';
import { CLI, daemonEnv, nodeBaseline, oneShotEnv } from './ssot-guard-cli.js';

/**
 * `npm run build && node dist/bench/load.js [--modules N] [--files N] [--clients N] [--runs N]`:
 * the load figures of issue 5 on a clone of the bench's generated repo.
 *
 * (L2) a commit staging 5,000 changed files through the real pre-commit hook,
 *      in-process (no daemon; the fact cache warm for HEAD), then with the
 *      warm daemon: (L1a) `git commit` right after `git add`, (L1b) once the
 *      daemon has precomputed the verdict (a commit message typed first);
 * (L3) 50 `check --staged` processes started at once against one daemon,
 *      p50/p99 of their wall times, against 50 `node -e 0` started at once;
 * (L4) 50 socket requests at once from one process (the daemon's own share).
 * Every verdict is checked, not only timed: a wrong one fails the run.
 */

const MB = 2 ** 20;
const FIX = '\n# bench load: touched\n';
/** Rule no-legacy-http (bench-config.ts) covers app/services: a new file there importing the retired client. */
const PLANTED = 'app/services/bench_load_probe.py';
const LEGACY = 'from app.legacy_http.client import LegacyHttpClient\n\n\ndef probe() -> object:\n    return LegacyHttpClient()\n';

function options(): { modules: number; files: number; clients: number; runs: number } {
  const { values } = parseArgs({ options: { modules: { type: 'string' }, files: { type: 'string' }, clients: { type: 'string' }, runs: { type: 'string' } } });
  const n = (raw: string | undefined, fallback: number): number => {
    const v = Number(raw ?? fallback);
    if (!Number.isInteger(v) || v < 1) throw new Error(`not a positive integer: ${raw}`);
    return v;
  };
  return { modules: n(values.modules, 10_000), files: n(values.files, 5000), clients: n(values.clients, 50), runs: n(values.runs, 3) };
}

interface Run {
  readonly ms: number;
  readonly code: number | null;
  readonly out: string;
}

/** A process's wall time, asynchronously: many can run at once. */
function timed(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, [...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('close', (code) => resolve({ ms: performance.now() - started, code, out }));
  });
}

/** Touches `count` modules (a new comment each round) and stages them; the planted violation too when asked. */
function stageChanges(root: string, files: readonly string[], round: number, planted: boolean): void {
  for (const f of files) writeFileSync(join(root, f), `${readFileSync(join(root, f), 'utf8')}${FIX.replace('touched', `round ${round}`)}`);
  if (planted) writeFileSync(join(root, PLANTED), LEGACY);
  else rmSync(join(root, PLANTED), { force: true });
  git(root, ['add', '-A', '--', 'app']);
}

async function main(): Promise<number> {
  const opt = options();
  const began = performance.now();
  const log = (line: string): void => void process.stderr.write(`[${((performance.now() - began) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
  const source = ensureBenchRepo({ ...DEFAULT_PARAMS, modules: opt.modules, targetBytes: Math.round((DEFAULT_PARAMS.targetBytes / DEFAULT_PARAMS.modules) * opt.modules) }, log);
  const root = join(mkdtempSync(join(tmpdir(), 'ssot-guard-load-')), 'repo');
  git(tmpdir(), ['clone', '-q', '--local', source.root, root]);
  for (const [k, v] of [['user.name', 'bench'], ['user.email', 'bench@localhost'], ['gc.auto', '0']] as const) git(root, ['config', k, v]);
  const init = spawnSync(process.execPath, [CLI, 'init'], { cwd: root, encoding: 'utf8', env: daemonEnv() });
  if (init.status !== 0) throw new Error(`init: ${init.stderr}`);
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '--no-verify', '-m', 'wire the hook']);
  const modules = git(root, ['ls-files', '--', 'app/*.py']).split('\n').filter((p) => p && !p.endsWith('__init__.py'));
  if (modules.length < opt.files) throw new Error(`only ${modules.length} modules: use more --modules`);
  const touched = modules.slice(0, opt.files);
  const wrong: string[] = [];
  const figures: Figure[] = [];
  const refs = async (n: number): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(nodeBaseline(root).ms);
    return out;
  };

  /**
   * Per round: stage the files with the violation (the commit must be refused),
   * then without it (it must go through); both commits timed.
   */
  const commitFigure = async (id: string, title: string, env: NodeJS.ProcessEnv, when: 'right after git add' | 'after the precompute'): Promise<Figure> => {
    const samples: number[] = [];
    let fallbacks = 0;
    /** The touched files with a new revision and the violation; round < 0: only the violation removed. */
    const stage = (round: number): void => {
      if (round >= 0) stageChanges(root, touched, round, true);
      else {
        rmSync(join(root, PLANTED), { force: true });
        git(root, ['add', '-A', '--', 'app']);
      }
    };
    for (let i = 0; i < opt.runs; i++) {
      stage(figures.length * 100 + i);
      if (when === 'after the precompute') await precomputed();
      const head = git(root, ['rev-parse', 'HEAD']);
      const no = await timed('git', ['commit', '-q', '-m', 'load: refused'], root, env);
      if (no.code !== 1 || git(root, ['rev-parse', 'HEAD']) !== head) wrong.push(`${id}: the planted violation was not refused (exit ${no.code}): ${no.out.slice(0, 300)}`);
      stage(-1);
      if (when === 'after the precompute') await precomputed();
      const yes = await timed('git', ['commit', '-q', '-m', 'load: accepted'], root, env);
      if (yes.code !== 0) wrong.push(`${id}: the clean commit was refused (exit ${yes.code}): ${yes.out.slice(0, 300)}`);
      for (const r of [no, yes]) if (/no daemon verdict/.test(r.out)) fallbacks++;
      samples.push(no.ms, yes.ms);
      log(`(${id}) refused in ${fmt(no.ms)}, committed in ${fmt(yes.ms)}`);
    }
    const details = [`${samples.length} commits (half refused, each of ${opt.files} files); max ${fmt(Math.max(...samples))}`];
    if (id.startsWith('L1')) details.push(`${fallbacks} of ${samples.length} judged in-process after the client timeout (SSOT_GUARD_CLIENT_TIMEOUT_MS)`);
    return versusNode(id, title, samples, await refs(5), id.startsWith('L1') ? 100 : 400, details, { fallbacks });
  };
  /** Waits, untimed (a long client timeout), until the daemon has judged the current index. */
  const precomputed = async (): Promise<void> => {
    await askDaemonSocket({ cwd: root, mode: 'staged', toolVersion: packageVersion(), env: { ...daemonEnv(), SSOT_GUARD_CLIENT_TIMEOUT_MS: '600000' } });
  };

  try {
    // (L2) first, with no daemon running: in-process means alone on the machine, nothing parsing beside it.
    // The fact cache holds HEAD's files first, as after any earlier check: only the changed files are parsed.
    spawnSync(process.execPath, [CLI, 'check', '--all'], { cwd: root, env: oneShotEnv(), stdio: 'ignore' });
    figures.push(await commitFigure('L2', `commit of ${opt.files} changed files: hook, in-process (no daemon)`, oneShotEnv(), 'right after git add'));
    log(`clone ${root}: ${modules.length} modules; daemon start`);
    startDaemon(root);
    const warm = await waitWarm(root, 10 * 60_000);
    if (!warm) throw new Error('daemon not warm in 10 minutes');
    log(`daemon pid ${warm.pid} warm (${warm.filesIndexed} files)`);
    // (L1a) `git commit` right after `git add`: the daemon is still judging the new index when the hook asks.
    figures.push(await commitFigure('L1a', `commit of ${opt.files} changed files: hook, daemon, right after git add`, { ...daemonEnv(), SSOT_GUARD_DEBUG: '1' }, 'right after git add'));
    // (L1b) A commit message typed first: the daemon's precomputed verdict is ready.
    figures.push(await commitFigure('L1b', `commit of ${opt.files} changed files: hook, daemon, verdict precomputed`, { ...daemonEnv(), SSOT_GUARD_DEBUG: '1' }, 'after the precompute'));

    // (L3) One staged violation; every client must report exactly it.
    stageChanges(root, [], 999, true);
    await askDaemonSocket({ cwd: root, mode: 'staged', toolVersion: packageVersion(), env: { ...daemonEnv(), SSOT_GUARD_CLIENT_TIMEOUT_MS: '600000' } });
    const clientEnv = { ...daemonEnv(), SSOT_GUARD_DEBUG: '1' };
    const clients = await Promise.all(Array.from({ length: opt.clients }, () => timed(process.execPath, [CLI, 'check', '--staged', '--format', 'json'], root, clientEnv)));
    const nodes = await Promise.all(Array.from({ length: opt.clients }, () => timed(process.execPath, ['-e', '0'], root, process.env)));
    let byDaemon = 0;
    for (const c of clients) {
      const report = (() => {
        try {
          return JSON.parse(c.out.slice(c.out.indexOf('{'))) as { violations: Array<{ file: string }>; stats: { daemon: boolean } };
        } catch {
          return null;
        }
      })();
      if (c.code !== 1 || report?.violations.length !== 1 || report.violations[0]!.file !== PLANTED) wrong.push(`L3: a client answered exit ${c.code}: ${c.out.slice(0, 300)}`);
      if (report?.stats.daemon) byDaemon++;
    }
    const cms = clients.map((c) => c.ms);
    const nms = nodes.map((c) => c.ms);
    figures.push(
      versusNode('L3', `${opt.clients} check --staged processes at once (p50)`, cms, nms, 3, [
        `p99 ${fmt(percentile(cms, 99))} vs ${fmt(percentile(nms, 99))} (${opt.clients} node -e 0 at once); ${byDaemon} of ${opt.clients} answered by the daemon`,
      ], { byDaemon }),
    );

    // (L4) The daemon alone: socket round trips, no process start-up.
    const ask = async (): Promise<{ ms: number; ok: boolean }> => {
      const t = performance.now();
      const a = await askDaemonSocket({ cwd: root, mode: 'staged', toolVersion: packageVersion(), env: { ...daemonEnv(), SSOT_GUARD_CLIENT_TIMEOUT_MS: '60000' } });
      const ok = !!a.answer && a.answer.result.violations.length === 1 && a.answer.result.violations[0]!.file === PLANTED;
      return { ms: performance.now() - t, ok };
    };
    const asks = await Promise.all(Array.from({ length: opt.clients }, ask));
    if (asks.some((a) => !a.ok)) wrong.push(`L4: ${asks.filter((a) => !a.ok).length} socket answers missing or wrong`);
    const ams = asks.map((a) => a.ms);
    figures.push(versusNode('L4', `${opt.clients} socket requests at once (p50)`, ams, await refs(5), 1, [`p99 ${fmt(percentile(ams, 99))}; reference: node -e 0 run alone`], {}));
    const after = spawnSync(process.execPath, [CLI, 'daemon', 'status', '--format', 'json'], { cwd: root, encoding: 'utf8', env: daemonEnv() });
    const s = JSON.parse(after.stdout) as { pid?: number; rssBytes?: number };
    if (s.pid !== warm.pid) wrong.push(`the daemon changed (pid ${warm.pid} -> ${s.pid ?? 'none'})`);
    log(`daemon afterwards: pid ${s.pid ?? 'none'}, RSS ${s.rssBytes ? (s.rssBytes / MB).toFixed(1) : '?'} MB`);
  } finally {
    await stopDaemon(root, log);
    rmSync(join(root, '..'), { recursive: true, force: true });
  }

  const header = [`ssot-guard load bench: ${modules.length} modules (clone of ${source.root}); ${opt.runs} rounds; whole run ${((performance.now() - began) / 1000).toFixed(0)} s`];
  process.stdout.write(renderTable(header, figures));
  for (const w of wrong) process.stdout.write(`WRONG ${w}\n`);
  return wrong.length ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`load bench: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
