import { EXPECTED_VIOLATIONS } from '../bench-config.js';
import { cpythonParse } from '../cpython-parse.js';
import type { Figure } from '../figures.js';
import { dropFactCache, includedFiles } from '../repo-state.js';
import { failureOf, oneShotEnv, parseReport, ssotGuard } from '../ssot-guard-cli.js';

const MB = 1024 * 1024;

/**
 * (a) A cold index: `check --all --no-daemon` with no fact cache, against
 * CPython's ast.parse over the same files. Also checks the verdict: the
 * generator planted exactly five violations, anything else is a finding.
 */
export function coldCheck(root: string, log: (line: string) => void): Figure {
  const { files, bytes } = includedFiles(root);
  dropFactCache(root);
  log(`(a) cold check --all over ${files.length} files, ${(bytes / MB).toFixed(1)} MB`);
  const run = ssotGuard(root, ['check', '--all', '--no-daemon', '--format', 'json'], oneShotEnv(), 20 * 60 * 1000);
  const report = parseReport(run);
  log(`(a) ssot-guard ${(run.ms / 1000).toFixed(1)} s; CPython ast.parse over the same files`);
  const py = cpythonParse(root, files);
  const details: string[] = [];
  const mbps = (ms: number): string => `${(bytes / MB / (ms / 1000)).toFixed(2)} MB/s`;
  details.push(`${(bytes / MB).toFixed(1)} MB in ${files.length} files: ssot-guard ${mbps(run.ms)}${py ? `, CPython ${mbps(py.timed.ms)}` : ''}`);
  if (!report) details.push(`ssot-guard failed: ${failureOf(run)}`);
  else {
    const byRule: Record<string, number> = {};
    for (const v of report.violations) byRule[v.rule] = (byRule[v.rule] ?? 0) + 1;
    const expected = Object.entries(EXPECTED_VIOLATIONS).map(([r, n]) => `${r} ${n}`).join(', ');
    const found = Object.entries(byRule).map(([r, n]) => `${r} ${n}`).join(', ') || 'none';
    const same = JSON.stringify(Object.entries(byRule).sort()) === JSON.stringify(Object.entries(EXPECTED_VIOLATIONS).sort());
    details.push(`verdict: ${found}${same ? ' (as planted)' : ` — UNEXPECTED, planted: ${expected}`}; parsed ${report.stats.parsed}, cache hits 0 expected`);
  }
  if (!py) details.push('python3 not found: no reference');
  else if (py.failed) details.push(`CPython could not parse ${py.failed} file(s), first: ${py.firstError}`);
  return {
    id: 'a',
    title: 'cold check --all --no-daemon, no fact cache',
    value: report ? run.ms : null,
    unit: 'ms',
    reference: { label: 'CPython ast.parse', value: py && !py.failed ? py.timed.ms : null },
    goal: { on: 'ratio', op: '<=', limit: 0.5 },
    details,
    data: { bytes, files: files.length, ssotGuardMs: run.ms, cpythonMs: py?.timed.ms ?? null, violations: report?.violations.length ?? null },
  };
}
