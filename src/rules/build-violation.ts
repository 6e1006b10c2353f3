import type { RepoPath, Rule, UnitName, Violation } from '../model/index.js';
import { fingerprintOf } from './fingerprint.js';
import type { SideUse } from './unit-uses.js';

/** A violation located at its first legacy evidence (the line to change); `message` for a kind that says more than the rule's. */
export function buildViolation(rule: Rule, file: RepoPath, unit: UnitName, evidence: readonly SideUse[], message = rule.message): Violation {
  const at = evidence.find((e) => e.side === 'legacy') ?? evidence[0]!;
  return {
    rule: rule.id,
    severity: rule.severity,
    file,
    line: at.line,
    column: at.column,
    unit,
    message,
    fingerprint: fingerprintOf(rule.id, file, unit, evidence.map((e) => `${e.side}:${e.symbol}`)),
    status: 'new',
    evidence: evidence.map((e) => ({ side: e.side, use: e.use, symbol: e.symbol, line: e.line, column: e.column, via: e.via, origin: e.origin, ...(e.written !== undefined ? { written: e.written } : {}), ...(e.fix !== undefined ? { fix: e.fix } : {}) })),
    chain: evidence.find((e) => e.chain.length)?.chain ?? [],
  };
}
