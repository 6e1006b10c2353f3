import type { Violation } from '../model/index.js';
import type { Baseline, BaselineEntry, BaselineVerdict } from './baseline-model.js';

/**
 * The ratchet in one pure step. Each fingerprint is tolerated up to its
 * recorded count: a further instance of a known shape is new.
 */
export function applyBaseline(violations: readonly Violation[], baseline: Baseline): BaselineVerdict {
  const left = new Map<string, number>();
  for (const e of baseline.entries) left.set(e.fingerprint, (left.get(e.fingerprint) ?? 0) + e.count);
  const fresh: Violation[] = [];
  const known: Violation[] = [];
  for (const v of violations) {
    const n = left.get(v.fingerprint) ?? 0;
    if (n > 0) {
      left.set(v.fingerprint, n - 1);
      known.push(v);
    } else {
      fresh.push(v);
    }
  }
  const stale: BaselineEntry[] = [];
  for (const e of baseline.entries) {
    const unused = left.get(e.fingerprint) ?? 0;
    if (unused > 0) {
      stale.push({ ...e, count: Math.min(unused, e.count) });
      left.set(e.fingerprint, unused - Math.min(unused, e.count));
    }
  }
  return { fresh, known, stale };
}

/** A baseline that records exactly these violations (`baseline --update`, or the first `baseline`). */
export function baselineFrom(violations: readonly Violation[]): Baseline {
  const byFingerprint = new Map<string, BaselineEntry>();
  for (const v of violations) {
    const prior = byFingerprint.get(v.fingerprint);
    byFingerprint.set(
      v.fingerprint,
      prior
        ? { ...prior, count: prior.count + 1 }
        : { fingerprint: v.fingerprint, rule: v.rule, file: v.file, unit: v.unit, symbols: [...new Set(v.evidence.map((e) => e.symbol))].sort(), count: 1 },
    );
  }
  return { version: 1, entries: sortEntries([...byFingerprint.values()]) };
}

/** `baseline --prune`: counts only ever go down; entries that reach zero go away. */
export function pruneBaseline(baseline: Baseline, violations: readonly Violation[]): Baseline {
  const current = new Map<string, number>();
  for (const v of violations) current.set(v.fingerprint, (current.get(v.fingerprint) ?? 0) + 1);
  const entries: BaselineEntry[] = [];
  for (const e of baseline.entries) {
    const count = Math.min(e.count, current.get(e.fingerprint) ?? 0);
    if (count > 0) entries.push({ ...e, count });
  }
  return { version: 1, entries: sortEntries(entries) };
}

function sortEntries(entries: BaselineEntry[]): BaselineEntry[] {
  return entries.sort((a, b) => cmp(a.file, b.file) || cmp(a.rule, b.rule) || cmp(a.unit, b.unit) || cmp(a.fingerprint, b.fingerprint));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
