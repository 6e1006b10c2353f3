import { asRepoPath, type Config, type Evidence, type Rule, type SymbolName, type UnitName, type Violation } from '../model/index.js';
import { fingerprintOf } from '../rules/fingerprint.js';
import type { RuntimeUse } from './evidence-files.js';
import { runtimeRules, runtimeScope } from './runtime-scope.js';

/** The words every runtime evidence starts with: what `check` cannot see. */
export const AT_RUN_TIME = 'at run time';

type Frame = RuntimeUse['frames'][number];

function frameText(f: Frame): string {
  return `${f[0]}:${f[1]} (${f[2]})`;
}

/**
 * The mix and legacy rules judged over what the traced processes did: the
 * unit of a use is the innermost in-repository frame in the rule's scope
 * (the file, or in function mode the def's qualified name). `scopeOf`: each
 * rule's runtime scope (runtime-scope.ts; by default its globs alone), the
 * one the tracer's plan was made with.
 */
export function judgeRuntime(config: Config, uses: readonly RuntimeUse[], scopeOf: (rule: Rule) => (file: string) => boolean = (rule) => runtimeScope(config, rule, new Set())): Violation[] {
  const out: Violation[] = [];
  for (const rule of runtimeRules(config)) {
    const side = new Map<string, 'canonical' | 'legacy'>([...rule.canonical.map((s) => [s, 'canonical'] as const), ...rule.legacy.map((s) => [s, 'legacy'] as const)]);
    const scoped = scopeOf(rule);
    const units = new Map<string, { file: string; unit: string; evidence: Map<string, Evidence> }>();
    for (const use of uses) {
      const which = side.get(use.symbol);
      if (!which) continue;
      const at = use.frames.findIndex((f) => scoped(f[0]));
      if (at < 0) continue;
      const frame = use.frames[at]!;
      const unit = rule.unit === 'function' ? frame[2] : '<file>';
      const key = `${frame[0]}\0${unit}`;
      const entry = units.get(key) ?? { file: frame[0], unit, evidence: new Map<string, Evidence>() };
      units.set(key, entry);
      if (!entry.evidence.has(use.symbol)) {
        entry.evidence.set(use.symbol, {
          // A fetch off a module at run time is what an import or a reference does statically.
          side: which, use: use.kind === 'call' ? 'call' : 'reference', symbol: use.symbol as SymbolName, line: frame[1], column: 1,
          via: [`${AT_RUN_TIME} (${use.kind === 'call' ? 'called' : 'fetched'}): ${frameText(frame)}`, ...use.frames.slice(at + 1).map(frameText)],
          origin: use.symbol,
        });
      }
    }
    for (const { file, unit, evidence } of units.values()) {
      const all = [...evidence.values()].sort((a, b) => a.side.localeCompare(b.side) || a.line - b.line);
      const legacy = all.some((e) => e.side === 'legacy');
      const canonical = all.some((e) => e.side === 'canonical');
      if (!legacy || (rule.forbid === 'mix' && !canonical)) continue;
      const first = all.find((e) => e.side === 'legacy')!;
      out.push({
        rule: rule.id, severity: rule.severity, file: asRepoPath(file), line: first.line, column: 1, unit: unit as UnitName,
        message: `${rule.message} (${AT_RUN_TIME})`,
        fingerprint: fingerprintOf(rule.id, file, unit, all.map((e) => `${e.side}:${e.symbol}`)),
        status: 'new', evidence: all, chain: [],
      });
    }
  }
  return out;
}
