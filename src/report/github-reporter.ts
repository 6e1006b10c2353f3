import type { CheckResult } from '../model/index.js';
import { exitCodeOf, isUnjudged, type ReportOptions, type Reporter } from './reporter.js';

/** GitHub Actions workflow commands: each violation becomes an annotation on its line. */
export const githubReporter: Reporter = (result: CheckResult, _options: ReportOptions) => {
  const lines = result.ruleErrors.map((e) => `::error file=${prop(e.config)},title=${prop(`ssot-guard ${e.rule}`)}::${data(`${e.path}: ${e.message}`)}`);
  lines.push(...result.violations.map((v) => {
    const legacy = v.evidence.filter((e) => e.side === 'legacy').map((e) => e.symbol).join(', ');
    const level = v.severity === 'error' ? 'error' : 'warning';
    return `::${level} file=${prop(v.file)},line=${v.line},col=${v.column},title=${prop(`ssot-guard ${v.rule}`)}::${data(`${v.message} (legacy: ${legacy})`)}`;
  }));
  for (const d of result.diagnostics) lines.push(`::${isUnjudged(d) ? 'error' : 'warning'} file=${prop(d.file)},line=${d.line},col=${d.column},title=${prop(`ssot-guard ${d.code}`)}::${data(d.message)}`);
  const errors = result.violations.filter((v) => v.severity === 'error').length;
  lines.push(
    result.ruleErrors.length
      ? `ssot-guard: ${result.ruleErrors.length} rule error(s): the rules cannot be judged as written`
      : errors ? `ssot-guard: ${errors} violation${errors === 1 ? '' : 's'}` : 'ssot-guard: no violations',
  );
  return { output: `${lines.join('\n')}\n`, exitCode: exitCodeOf(result) };
};

// Escaping as the Actions runner's workflow-command parser expects.
const data = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const prop = (s: string): string => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
