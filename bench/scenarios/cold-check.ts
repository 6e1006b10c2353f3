import { EXPECTED_VIOLATIONS } from '../bench-config.js';
import { cpythonParse } from '../cpython-parse.js';
import type { Figure } from '../figures.js';
import { median } from '../measure.js';
import { dropFactCache, includedFiles } from '../repo-state.js';
import { failureOf, oneShotEnv, parseReport, ssotGuard } from '../ssot-guard-cli.js';

const MB = 1024 * 1024;

export type Violations = NonNullable<ReturnType<typeof parseReport>>['violations'];

/** Another tool timed over the same files in the same rounds as the cold check; its figure's ratio is ours over its time. */
export interface ColdPeer {
  readonly id: string;
  readonly title: string;
  readonly label: string;
  readonly goal: Figure['goal'];
  /** Whole-process wall time, or null (with why) when it could not run. */
  run(root: string, files: readonly string[]): { ms: number | null; details: readonly string[] };
}

export interface ColdOptions {
  /** Goal on the ratio to CPython's ast.parse. */
  readonly limit: number;
  /** Rounds of (ssot-guard, CPython, peers...), the order reversed every other round. */
  readonly rounds: number;
  readonly peers: readonly ColdPeer[];
  /** The verdict line: whether what the check found is what was planted. */
  readonly verdict: (violations: Violations) => string;
  /** The interpreter whose ast.parse is the reference. */
  readonly python: string;
}

/** The synthetic repo's verdict: exactly the planted violations, by rule. */
export function expectCounts(expected: Readonly<Record<string, number>>): (violations: Violations) => string {
  return (violations) => {
    const byRule: Record<string, number> = {};
    for (const v of violations) byRule[v.rule] = (byRule[v.rule] ?? 0) + 1;
    const found = Object.entries(byRule).map(([r, n]) => `${r} ${n}`).join(', ') || 'none';
    const same = JSON.stringify(Object.entries(byRule).sort()) === JSON.stringify(Object.entries(expected).sort());
    return `${found}${same ? ' (as planted)' : ` — UNEXPECTED, planted: ${Object.entries(expected).map(([r, n]) => `${r} ${n}`).join(', ')}`}`;
  };
}

const SYNTHETIC: ColdOptions = { limit: 0.5, rounds: 1, peers: [], verdict: expectCounts(EXPECTED_VIOLATIONS), python: 'python3' };

/**
 * (a) A cold index: `check --all --no-daemon` with no fact cache, against
 * CPython's ast.parse over the same files (and any peers), in alternating
 * order round by round. Also checks the verdict against what was planted.
 */
export function coldCheck(root: string, log: (line: string) => void, options: ColdOptions = SYNTHETIC): Figure[] {
  const { files, bytes } = includedFiles(root);
  const ours: number[] = [];
  const python: number[] = [];
  const peers = options.peers.map(() => [] as number[]);
  const details: string[] = [];
  const peerDetails = options.peers.map(() => [] as string[]);
  let report: ReturnType<typeof parseReport> = null;
  let pythonFailed = false;
  const guard = (): void => {
    dropFactCache(root);
    log(`(a) cold check --all over ${files.length} files, ${(bytes / MB).toFixed(1)} MB`);
    const run = ssotGuard(root, ['check', '--all', '--no-daemon', '--format', 'json'], oneShotEnv(), 20 * 60 * 1000);
    const r = parseReport(run);
    log(`(a)   ssot-guard ${(run.ms / 1000).toFixed(1)} s`);
    if (r) ours.push(run.ms);
    else details.push(`ssot-guard failed: ${failureOf(run)}`);
    report = r ?? report;
  };
  const cpython = (): void => {
    const py = cpythonParse(root, files, options.python);
    log(`(a)   CPython ast.parse ${py ? `${(py.timed.ms / 1000).toFixed(1)} s` : 'not run'}`);
    if (!py) details.push(`${options.python} not found: no reference`);
    else if (py.failed) details.push(`CPython could not parse ${py.failed} file(s), first: ${py.firstError}`);
    else python.push(py.timed.ms);
    pythonFailed ||= !py || py.failed > 0;
  };
  const peerRuns = options.peers.map((peer, i) => (): void => {
    const r = peer.run(root, files);
    log(`(a)   ${peer.label} ${r.ms === null ? 'failed' : `${(r.ms / 1000).toFixed(1)} s`}`);
    if (r.ms !== null) peers[i]!.push(r.ms);
    peerDetails[i] = [...r.details];
  });
  const order = [guard, cpython, ...peerRuns];
  for (let round = 0; round < options.rounds; round++) (round % 2 === 0 ? order : [...order].reverse()).forEach((step) => step());

  const value = median(ours);
  const mbps = (ms: number | null): string => (ms === null ? 'n/a' : `${(bytes / MB / (ms / 1000)).toFixed(2)} MB/s`);
  const samples = (xs: readonly number[]): string => (xs.length > 1 ? ` (samples ${xs.map((x) => (x / 1000).toFixed(1)).join(', ')} s)` : '');
  details.unshift(`${(bytes / MB).toFixed(1)} MB in ${files.length} files, ${options.rounds} round(s): ssot-guard ${mbps(value)}${samples(ours)}, CPython ${mbps(median(python))}${samples(python)}`);
  const seen = report as ReturnType<typeof parseReport>;
  if (seen) details.push(`verdict: ${options.verdict(seen.violations)}; parsed ${seen.stats.parsed}, cache hits 0 expected`);
  const data = { bytes, files: files.length, ssotGuardMs: ours, violations: seen?.violations.length ?? null };
  const a: Figure = {
    id: 'a',
    title: 'cold check --all --no-daemon, no fact cache',
    value,
    unit: 'ms',
    reference: { label: 'CPython ast.parse', value: pythonFailed ? null : median(python) },
    goal: { on: 'ratio', op: '<=', limit: options.limit },
    details,
    data: { ...data, cpythonMs: python },
  };
  const others = options.peers.map((peer, i): Figure => ({
    id: peer.id,
    title: peer.title,
    value,
    unit: 'ms',
    reference: { label: peer.label, value: median(peers[i]!) },
    goal: peer.goal,
    details: [`${peer.label} ${mbps(median(peers[i]!))}${samples(peers[i]!)}`, ...peerDetails[i]!],
    data: { ...data, peerMs: peers[i]! },
  }));
  return [a, ...others];
}
