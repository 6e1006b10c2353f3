import type { CheckResult } from '../model/index.js';
import { blocks, exitCodeOf, type Reporter } from './reporter.js';

/** DESIGN.md's machine-readable contract, version 1, as an object (watch mode streams it as NDJSON). */
export function jsonReport(result: CheckResult) {
  const ok = !blocks(result) && !result.ruleErrors.length;
  return {
    version: 1,
    snapshot: result.snapshot,
    ok,
    violations: result.violations.map((v) => ({
      rule: v.rule, severity: v.severity, file: v.file, line: v.line, column: v.column, unit: v.unit,
      message: v.message, fingerprint: v.fingerprint, status: v.status,
      evidence: v.evidence.map((e) => ({ side: e.side, use: e.use, symbol: e.symbol, line: e.line, column: e.column, via: e.via, origin: e.origin, ...(e.written !== undefined ? { written: e.written } : {}), ...(e.fix !== undefined ? { fix: e.fix } : {}) })),
      chain: v.chain,
    })),
    ruleErrors: result.ruleErrors.map((e) => ({ config: e.config, rule: e.rule, path: e.path, message: e.message })),
    diagnostics: result.diagnostics.map((d) => ({ file: d.file, line: d.line, column: d.column, code: d.code, message: d.message })),
    baseline: result.baseline,
    stats: result.stats,
  };
}

/** config/output.schema.json describes the output. */
export const jsonReporter: Reporter = (result) => {
  const out = jsonReport(result);
  return { output: `${JSON.stringify(out, null, 2)}\n`, exitCode: exitCodeOf(result) };
};
