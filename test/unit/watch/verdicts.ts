import { asFingerprint, asRepoPath, asSymbolName, type CheckResult, type Violation } from '../../../src/model/index.js';

/** Small verdicts for the watch-mode renderers. */
export function violation(file: string, line: number, legacy: string | null = 'app.legacy.Manager'): Violation {
  return {
    rule: 'ws', severity: 'error', file: asRepoPath(file), line, column: 1, unit: '<file>', message: 'Use Bridge.', fingerprint: asFingerprint(`fp-${file}`), status: 'new',
    evidence: [
      { side: 'canonical', use: 'import', symbol: asSymbolName('app.bridge.Bridge'), line: 1, column: 1, via: [], origin: 'app.bridge.Bridge' },
      ...(legacy ? [{ side: 'legacy' as const, use: 'import' as const, symbol: asSymbolName(legacy), line, column: 1, via: [], origin: legacy }] : []),
    ],
    chain: [],
  };
}

export function verdict(snapshot: 'staged' | 'worktree', violations: Violation[] = [], files = 5, ms = 3): CheckResult {
  return { snapshot, ruleErrors: [], violations, diagnostics: [], baseline: { known: 0, stale: [] }, stats: { files, parsed: 0, cacheHits: files, ms, daemon: false } };
}
