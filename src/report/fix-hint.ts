import type { Violation } from '../model/index.js';

/** What to write instead, in one line (text and html reports). */
export function fixHint(v: Violation): string {
  const legacy = [...new Set(v.evidence.filter((e) => e.side === 'legacy').map((e) => e.symbol))];
  const canonical = [...new Set(v.evidence.filter((e) => e.side === 'canonical').map((e) => e.symbol))];
  if (canonical.length) return `use ${canonical.join(' / ')} instead of ${legacy.join(', ')} in this ${v.unit === '<file>' ? 'file' : 'function'}`;
  return `remove the use of ${legacy.join(', ')} (forbidden by ${v.rule}); see the rule's message`;
}
