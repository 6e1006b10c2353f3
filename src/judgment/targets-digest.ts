import { createHash } from 'node:crypto';
import type { Config, Rule } from '../model/index.js';
import type { RuleTargets } from '../rules/rule-targets.js';

/**
 * What every rule's declared symbols are in one snapshot, as one digest: the
 * objects they resolve to, what each glob found, the methods named, the
 * definition globs that match nothing. A file's judgment under the rules
 * depends on these values, not on how they were looked up, so it holds in a
 * snapshot with the same digest whatever else changed there. Kept once per
 * snapshot, not as reads of every file: a glob over ten thousand modules
 * would otherwise be ten thousand reads in each of ten thousand judgments.
 */
export function targetsDigest(config: Config, targetsOf: (rule: Rule) => RuleTargets): string {
  const hash = createHash('sha1');
  for (const rule of config.rules) {
    const t = targetsOf(rule);
    hash.update(JSON.stringify([
      rule.id,
      t.targets,
      t.patterns.map((p) => [p.side, p.pattern, p.removed, p.found]),
      t.methods,
      t.unmatchedDefinitions,
    ]));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** The digest of no snapshot: equal to none, so nothing is taken from judgments that have none. */
export const NO_TARGETS = '';
