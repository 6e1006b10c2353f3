import { createHash } from 'node:crypto';
import type { Config, Rule } from '../model/index.js';
import type { RuleTargets, StoredRuleTargets } from '../rules/rule-targets.js';

/**
 * Every rule's declared symbols as one snapshot resolved them, kept with its
 * judgments: what each resolved to, what resolving it read, and a digest of
 * the values. A file's judgment depends on what the targets are, not on how
 * they were looked up, so it holds in a snapshot whose digest is the same,
 * whatever else changed there; and a rule's targets whose reads still hold
 * are taken as they are, not resolved again (a glob over ten thousand modules
 * would otherwise read every one of them on every save). Kept once per
 * snapshot, not in every file's reads.
 */
export interface KeptTargets {
  readonly digest: string;
  /** By rule id. */
  readonly rules: ReadonlyMap<string, KeptRuleTargets>;
}

export interface KeptRuleTargets extends StoredRuleTargets {
  /** Of the values, not the reads (ruleDigest). */
  readonly digest: string;
}

/** The targets of no snapshot: their digest equals none, so nothing is taken from judgments that have none. */
export const NO_TARGETS: KeptTargets = { digest: '', rules: new Map() };

/** What to keep of a snapshot's targets; `kept` gives back the entries taken from an earlier snapshot as they were. */
export function keptTargets(config: Config, targetsOf: (rule: Rule) => RuleTargets, kept: (rule: Rule) => KeptRuleTargets | null): KeptTargets {
  const rules = new Map<string, KeptRuleTargets>();
  const hash = createHash('sha1');
  for (const rule of config.rules) {
    const entry = kept(rule) ?? storedOf(rule, targetsOf(rule));
    rules.set(rule.id, entry);
    hash.update(entry.digest).update('\0');
  }
  return { digest: hash.digest('hex'), rules };
}

function storedOf(rule: Rule, t: RuleTargets): KeptRuleTargets {
  const patterns = t.patterns.map(({ side, pattern, removed, found }) => ({ side, pattern, removed, found }));
  const values = { targets: t.targets, patterns, methods: t.methods, unmatchedDefinitions: t.unmatchedDefinitions };
  const digest = createHash('sha1').update(JSON.stringify([rule.id, values])).digest('hex');
  return { ...values, reads: t.reads, digest };
}

/** As the judgments file holds them (v8-serialized with the evaluation). */
export interface WrittenTargets {
  readonly digest: string;
  readonly rules: ReadonlyArray<readonly [string, KeptRuleTargets]>;
}

export function writtenTargets(t: KeptTargets): WrittenTargets {
  return { digest: t.digest, rules: [...t.rules] };
}

export function readTargets(w: WrittenTargets): KeptTargets {
  return { digest: w.digest, rules: new Map(w.rules) };
}
