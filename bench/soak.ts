import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureBenchRepo, DEFAULT_PARAMS } from './generate-repo.js';
import { daemonStatus, startDaemon, stopDaemon, waitWarm } from './daemon-control.js';
import { git } from './git-commit-all.js';
import { createRng } from './prng.js';
import { CLI, daemonEnv } from './ssot-guard-cli.js';

/**
 * `node dist/bench/soak.js [--minutes N] [--modules N]`: the daemon under a
 * scripted edit / stage / commit loop through the real pre-commit hook, on a
 * clone of the bench's generated repo. Every tenth round stages a violation
 * (the commit must be refused) and then its fix (the commit must go through).
 * Prints the daemon's resident memory every minute; exits 1 when a verdict
 * was wrong, the daemon died or was replaced, or its RSS at the end is more
 * than 1.5x its RSS after the first minute. Not part of `npm test`.
 */

const MB = 2 ** 20;
const GROWTH_LIMIT = 1.5;
const PROBE = 'app/services/soak_probe.py';
const PROBE_CLEAN = '"""Soak probe: clean."""\n\n\ndef probe() -> int:\n    return 1\n';
const PROBE_LEGACY = '"""Soak probe: uses the retired client."""\nfrom app.legacy_http.client import LegacyHttpClient\n\n\ndef probe() -> object:\n    return LegacyHttpClient()\n';

function args(): { minutes: number; modules: number } {
  const { values } = parseArgs({ options: { minutes: { type: 'string' }, modules: { type: 'string' } } });
  const minutes = Number(values.minutes ?? 30);
  const modules = Number(values.modules ?? 1000);
  if (!(minutes > 0) || !Number.isInteger(modules) || modules < 100) throw new Error('usage: soak.js [--minutes N (> 0, default 30)] [--modules N (>= 100, default 1000)]');
  return { minutes, modules };
}

/** Resident set size as the kernel counts it; null once the process is gone. */
function rssOf(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** `git commit` as a user types it: the hook runs and decides. */
function commit(root: string, message: string): { code: number | null; out: string } {
  const r = spawnSync('git', ['commit', '-q', '-m', message], { cwd: root, encoding: 'utf8', env: { ...daemonEnv(), SSOT_GUARD_DEBUG: '1' } });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

async function main(): Promise<number> {
  const { minutes, modules } = args();
  const began = performance.now();
  const elapsedS = (): string => ((performance.now() - began) / 1000).toFixed(0).padStart(5);
  const log = (line: string): void => void process.stdout.write(`[${elapsedS()} s] ${line}\n`);

  const source = ensureBenchRepo({ ...DEFAULT_PARAMS, modules, targetBytes: Math.round((DEFAULT_PARAMS.targetBytes / DEFAULT_PARAMS.modules) * modules) }, log);
  // A clone: the soak commits thousands of times, and the bench reuses its repo.
  const root = join(mkdtempSync(join(tmpdir(), 'ssot-guard-soak-')), 'repo');
  git(tmpdir(), ['clone', '-q', '--local', source.root, root]);
  git(root, ['config', 'user.name', 'soak']);
  git(root, ['config', 'user.email', 'soak@localhost']);
  git(root, ['config', 'gc.auto', '0']);
  const init = spawnSync(process.execPath, [CLI, 'init'], { cwd: root, encoding: 'utf8', env: daemonEnv() });
  if (init.status !== 0) throw new Error(`ssot-guard init failed: ${init.stderr}`);
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '--no-verify', '-m', 'wire the hook']);

  const files = git(root, ['ls-files', '--', 'app/*.py'])
    .split('\n')
    .filter((p) => p && !p.includes('legacy') && !p.endsWith('__init__.py'));
  log(`repo ${root}: ${files.length} editable modules; daemon start`);
  startDaemon(root);
  const warm = await waitWarm(root, 10 * 60_000);
  if (!warm) throw new Error('daemon not warm within 10 minutes');
  const pid = warm.pid;
  log(`daemon pid ${pid} warm: ${warm.filesIndexed} files, RSS ${(rssOf(pid)! / MB).toFixed(1)} MB`);

  const rng = createRng(20240101);
  const failures: string[] = [];
  const samples: Array<{ minute: number; rss: number }> = [];
  let rounds = 0;
  let refused = 0;
  let fallbacks = 0;
  let nextSample = performance.now() + 60_000;
  const deadline = performance.now() + minutes * 60_000;
  const expect = (what: string, got: { code: number | null; out: string }, code: number): void => {
    if (/no daemon verdict/.test(got.out)) fallbacks++;
    if (got.code !== code) failures.push(`round ${rounds} (${what}): exit ${got.code}, expected ${code}: ${got.out.trim().split('\n').slice(0, 4).join(' | ')}`);
  };

  try {
    while (performance.now() < deadline && failures.length < 5) {
      rounds++;
      if (rounds % 10 === 0) {
        // A violation staged, refused; then its fix, accepted.
        writeFileSync(join(root, PROBE), PROBE_LEGACY);
        git(root, ['add', '--', PROBE]);
        const head = git(root, ['rev-parse', 'HEAD']);
        const no = commit(root, `soak ${rounds}: legacy`);
        expect('violation', no, 1);
        if (git(root, ['rev-parse', 'HEAD']) !== head) failures.push(`round ${rounds}: a refused commit moved HEAD`);
        refused++;
        writeFileSync(join(root, PROBE), `${PROBE_CLEAN}# round ${rounds}\n`);
        git(root, ['add', '--', PROBE]);
        expect('fix', commit(root, `soak ${rounds}: fix`), 0);
      } else {
        const path = rng.pick(files);
        writeFileSync(join(root, path), `${readFileSync(join(root, path), 'utf8')}# soak edit ${rounds}\n`);
        git(root, ['add', '--', path]);
        expect('edit', commit(root, `soak ${rounds}`), 0);
      }
      if (performance.now() >= nextSample) {
        nextSample += 60_000;
        const rss = rssOf(pid);
        if (rss === null) {
          failures.push(`daemon pid ${pid} is gone`);
          break;
        }
        samples.push({ minute: samples.length + 1, rss });
        const s = daemonStatus(root);
        log(`minute ${samples.length}: daemon RSS ${(rss / MB).toFixed(1)} MB, heap ${s ? (s.heapUsedBytes / MB).toFixed(1) : '?'} MB, facts ${s?.factsCached ?? '?'}; ${rounds} rounds, ${refused} refused as expected, ${fallbacks} in-process fallbacks`);
      }
    }
    const s = daemonStatus(root);
    if (!s || s.pid !== pid) failures.push(`the daemon changed or stopped (pid ${pid} -> ${s?.pid ?? 'none'})`);
  } finally {
    await stopDaemon(root, log);
    rmSync(join(root, '..'), { recursive: true, force: true });
  }

  const first = samples[0]?.rss ?? null;
  const end = samples[samples.length - 1]?.rss ?? null;
  log(`ran ${((performance.now() - began) / 60_000).toFixed(1)} min: ${rounds} rounds, ${refused} violations refused, ${fallbacks} in-process fallbacks`);
  log(`daemon RSS: warm ${(warm.rssBytes / MB).toFixed(1)} MB (self-reported at warm-up), after minute 1 ${first === null ? 'n/a' : (first / MB).toFixed(1)} MB, end ${end === null ? 'n/a' : (end / MB).toFixed(1)} MB`);
  if (first !== null && end !== null && end > first * GROWTH_LIMIT) failures.push(`RSS grew from ${(first / MB).toFixed(1)} MB to ${(end / MB).toFixed(1)} MB (> ${GROWTH_LIMIT}x)`);
  for (const f of failures) log(`FAIL ${f}`);
  return failures.length ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`soak: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
