import type { RuleError } from '../model/index.js';

/** One line per rule that cannot be judged, as the CLI prints them before exiting 2. */
export function formatRuleErrors(errors: readonly RuleError[]): string[] {
  return errors.map((e) => `${e.config}: ${e.path}: ${e.message}`);
}
