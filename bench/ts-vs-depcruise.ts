import { rmSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { git } from './git-commit-all.js';
import { interleave, median, timeProcess, type Timed } from './measure.js';
import { failureOf, nodeBaseline, oneShotEnv, parseReport, ssotGuard } from './ssot-guard-cli.js';
import { DEFAULT_TS_PARAMS, ensureTsBenchRepo, type PlantedFile } from './ts-repo.js';
import { PLANTED_COUNT } from './ts-plantings.js';
import { RULE_ID } from './ts-bench-config.js';
import { compareEdges, type EdgeComparison } from './ts-edge-compare.js';

/**
 * `node dist/bench/ts-vs-depcruise.js [--modules N] [--runs N]`: on the
 * synthetic TS monorepo, a cold `check --all --no-daemon` against
 * dependency-cruiser with the same forbidden rule, in one run, as a ratio;
 * then whether each tool found the planted violations, file by file.
 */

/** This package's own dependency-cruiser (dist/bench -> node_modules): never npx, never a global install. */
const DEPCRUISE = fileURLToPath(new URL('../../node_modules/dependency-cruiser/bin/dependency-cruise.mjs', import.meta.url));

function args(): { modules: number; runs: number } {
  const { values } = parseArgs({ options: { modules: { type: 'string' }, runs: { type: 'string' } } });
  const count = (raw: string | undefined, fallback: number, name: string): number => {
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${raw}"`);
    return n;
  };
  return { modules: count(values.modules, DEFAULT_TS_PARAMS.modules, 'modules'), runs: count(values.runs, 3, 'runs') };
}

/** The whole `<git-common-dir>/ssot-guard/` (fact cache and all): a cold run finds nothing. */
function dropSsotGuardState(root: string): void {
  const common = git(root, ['rev-parse', '--git-common-dir']).trim();
  rmSync(join(isAbsolute(common) ? common : join(root, common), 'ssot-guard'), { recursive: true, force: true });
}

const depcruise = (root: string): Timed =>
  timeProcess(process.execPath, [DEPCRUISE, 'src', 'packages', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], { cwd: root, timeoutMs: 20 * 60 * 1000 });

const check = (root: string): Timed => ssotGuard(root, ['check', '--all', '--no-daemon', '--format', 'json'], oneShotEnv(), 20 * 60 * 1000);

/** Files depcruise flags under the rule, or null when it did not run. */
function depcruiseFiles(t: Timed): Set<string> | null {
  try {
    const out = JSON.parse(t.stdout) as { summary: { violations: Array<{ from: string; rule: { name: string } }> } };
    return new Set(out.summary.violations.filter((v) => v.rule.name === RULE_ID).map((v) => v.from));
  } catch {
    return null;
  }
}

function ssotGuardFiles(t: Timed): Set<string> | null {
  const report = parseReport(t);
  return report ? new Set(report.violations.filter((v) => v.rule === RULE_ID).map((v) => v.file)) : null;
}

/** Planted files the tool missed, decoys or other files it flagged: each line a finding. */
function verdict(tool: string, found: Set<string> | null, planted: readonly PlantedFile[]): string[] {
  if (!found) return [`!!! ${tool}: no verdict (the run failed)`];
  const violations = planted.filter((p) => p.flavor);
  const missed = violations.filter((p) => !found.has(p.path));
  const known = new Set(violations.map((p) => p.path));
  const extra = [...found].filter((f) => !known.has(f));
  const decoyOf = new Map(planted.filter((p) => p.decoy).map((p) => [p.path, p.decoy]));
  const lines = [`${tool}: ${found.size} file(s) flagged, ${violations.length - missed.length} of the ${violations.length} planted`];
  if (!missed.length && !extra.length) return [`${lines[0]} — as planted`];
  lines[0] = `!!! MISMATCH ${lines[0]}`;
  const byFlavor = new Map<string, number>();
  for (const m of missed) byFlavor.set(m.flavor!, (byFlavor.get(m.flavor!) ?? 0) + 1);
  for (const [flavor, n] of byFlavor) lines.push(`    missed ${n} planted '${flavor}' (e.g. ${missed.find((m) => m.flavor === flavor)!.path})`);
  for (const f of extra) lines.push(`    flagged ${f}${decoyOf.has(f) ? ` (a '${decoyOf.get(f)}' decoy)` : ' (not planted)'}`);
  return lines;
}

function edgeLines(c: EdgeComparison): string[] {
  const few = (xs: readonly string[]): string[] => [...xs.slice(0, 10).map((x) => `      ${x}`), ...(xs.length > 10 ? [`      ... ${xs.length - 10} more`] : [])];
  const same = !c.onlySsotGuard.length && !c.onlyDepcruise.length;
  return [
    `${same ? '' : '!!! '}import edges between repo files: ssot-guard ${c.ssotGuard}, depcruise ${c.depcruise}, in both ${c.common}${same ? ' — the same graph' : ''}`,
    ...(c.onlySsotGuard.length ? [`    only ssot-guard (${c.onlySsotGuard.length}):`, ...few(c.onlySsotGuard)] : []),
    ...(c.onlyDepcruise.length ? [`    only depcruise (${c.onlyDepcruise.length}):`, ...few(c.onlyDepcruise)] : []),
    ...(c.unresolved.length ? [`!!! ssot-guard could not resolve ${c.unresolved.length} import(s):`, ...few(c.unresolved)] : []),
  ];
}

async function main(): Promise<number> {
  const { modules, runs } = args();
  const began = performance.now();
  const log = (line: string): void => {
    process.stderr.write(`[${((performance.now() - began) / 1000).toFixed(1).padStart(6)} s] ${line}\n`);
  };
  const repo = ensureTsBenchRepo({ ...DEFAULT_TS_PARAMS, modules }, log);
  const { root } = repo;
  log(`repo ${root}: ${repo.sourceFiles} source files, ${(repo.bytes / 2 ** 20).toFixed(1)} MB (${repo.generated ? 'generated now' : 'reused'}), ${PLANTED_COUNT} planted violations`);

  log(`cold ssot-guard and depcruise, ${runs} pairs interleaved`);
  const cold = interleave(runs, () => check(root), () => depcruise(root), Number.POSITIVE_INFINITY, () => dropSsotGuardState(root));
  log('warm ssot-guard (fact cache from the last cold run) and node -e 0');
  const warm = Array.from({ length: runs }, () => check(root));
  const node = Array.from({ length: runs }, () => nodeBaseline(root));

  const failures = [...cold.subject, ...cold.reference, ...warm].filter((t) => t.timedOut || (t.status !== 0 && t.status !== 1));
  for (const f of failures) log(`a run failed: ${failureOf(f)}`);
  const ms = (ts: readonly Timed[]): number | null => median(ts.filter((t) => !t.timedOut && (t.status === 0 || t.status === 1)).map((t) => t.ms));
  const coldMs = ms(cold.subject);
  const depMs = ms(cold.reference);
  const rows: Array<[string, number | null]> = [
    ['ssot-guard check --all --no-daemon, cold (no <git-common-dir>/ssot-guard/)', coldMs],
    ['depcruise src packages --config .dependency-cruiser.cjs', depMs],
    ['ssot-guard check --all --no-daemon, warm (fact cache)', ms(warm)],
    ['node -e 0', ms(node)],
  ];
  const fmt = (v: number | null): string => (v === null ? 'n/a' : `${Math.round(v)} ms`);
  const out = [
    `TS benchmark: ${repo.sourceFiles} source files (${modules} planned modules + planted files + barrels), ${(repo.bytes / 2 ** 20).toFixed(1)} MB, median of ${runs}`,
    ...rows.map(([label, v]) => `  ${label.padEnd(78)} ${fmt(v).padStart(10)}`),
    `  ${'ratio ssot-guard cold / depcruise'.padEnd(78)} ${coldMs && depMs ? (coldMs / depMs).toFixed(2).padStart(10) : 'n/a'.padStart(10)}`,
    `  samples: cold ${cold.subject.map((t) => Math.round(t.ms)).join(', ')}; depcruise ${cold.reference.map((t) => Math.round(t.ms)).join(', ')}`,
    '',
    `planted: ${PLANTED_COUNT} violations under src/features/ (${[...new Set(repo.planted.filter((p) => p.flavor).map((p) => p.flavor))].join(', ')})`,
    ...verdict('ssot-guard', ssotGuardFiles(cold.subject[0]!), repo.planted),
    ...verdict('depcruise', depcruiseFiles(cold.reference[0]!), repo.planted),
  ];
  log('every import edge, ssot-guard against dependency-cruiser');
  out.push('', ...edgeLines(await compareEdges(root, cold.reference[0]!.stdout)));
  process.stdout.write(`${out.join('\n')}\n`);
  return failures.length ? 3 : 0;
}

main().then((code) => { process.exitCode = code; }, (err: unknown) => {
  process.stderr.write(`ts-vs-depcruise: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 3;
});
