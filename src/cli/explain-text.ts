import type { RepoPath, RuleError } from '../model/index.js';
import { evidenceChain } from '../report/evidence-chain.js';
import { formatRuleErrors } from '../report/rule-error-lines.js';
import type { RuleExplanation } from '../rules/explain.js';
import type { ScopeReason } from '../rules/rule-context.js';

/** Human-readable explain output: verdict, why in scope, and every hop of every use. */
export function renderExplanation(
  file: RepoPath,
  explanations: readonly RuleExplanation[],
  sourceLine: (line: number) => string | undefined,
  ruleErrors: readonly RuleError[] = [],
): string {
  const out: string[] = [...formatRuleErrors(ruleErrors).map((l) => `error  ${l}`), ...(ruleErrors.length ? [''] : []), file];
  for (const ex of explanations) {
    const verdict = !ex.scope ? 'not in scope' : ex.violations.length ? `VIOLATION (forbid: ${ex.rule.forbid}, unit: ${ex.rule.unit})` : 'ok';
    out.push('', `rule ${ex.rule.id}: ${verdict}`);
    out.push(`  scope: ${ex.scope ? scopeText(ex.scope) : 'matches neither scope.files nor scope.dependentsOf'}`);
    if (!ex.units.length) out.push('  uses: none of this rule\'s canonical or legacy symbols');
    for (const { unit, uses } of ex.units) {
      out.push(`  unit ${unit}:`);
      for (const u of uses) {
        out.push(`    ${u.side.padEnd(9)} ${u.symbol}   line ${u.line}:${u.column}`);
        const text = sourceLine(u.line)?.trim();
        if (text) out.push(`              | ${text}`);
        const chain = evidenceChain(u);
        if (chain.length) out.push(`              resolved: ${chain.join(' -> ')}`);
        if (u.chain.length) out.push(`              import chain: ${u.chain.join(' -> ')}`);
        // forbid "spelling" and "alias": what the code writes, and what to write instead.
        if (u.written !== undefined) out.push(`              written: ${u.written}${u.fix !== undefined ? `; write instead: ${u.fix}` : ''}`);
      }
    }
    for (const v of ex.violations) {
      out.push(`  => ${v.line}:${v.column} ${v.rule}: ${v.message}`);
    }
    for (const v of ex.suppressed) {
      out.push(`  (suppressed) ${v.line}:${v.column} ${v.rule}: an allow comment with a reason takes it out of the verdict`);
    }
  }
  return `${out.join('\n')}\n`;
}

function scopeText(scope: ScopeReason): string {
  return scope.kind === 'glob'
    ? `matches scope.files glob "${scope.glob}"`
    : `imports ${scope.of.join(', ')} (importer at depth ${scope.depth}, scope.dependentsOf)`;
}
