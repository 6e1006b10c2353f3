import type { Tree } from '@lezer/common';
import { parser } from './grammar/parser.js';

/**
 * Lezer recovers from each syntax error by running up to a dozen parse
 * stacks side by side, so input that is broken on every line costs 3-7x a
 * well-formed parse (10 MB of `x = 1 \ y` lines took 48 s, `x = = 1` lines
 * 2.1 s/MB). The parse may spend this many steps in recovery, a fixed part
 * plus one per RECOVERY_BYTES of the file: well-formed code spends none
 * (Django's 5 MB: 0), a file with a few errors a few dozen per error, and
 * each step costs about 10 us, so what recovery may add stays under a tenth
 * of a well-formed parse of the same size. A count, not a clock: facts stay
 * a pure function of the bytes.
 */
export const RECOVERY_BASE_STEPS = 5_000;
export const RECOVERY_BYTES = 20;

export interface BoundedParse {
  readonly tree: Tree;
  /** Where the parse was stopped once recovery had used its budget (the tree ends there); -1 when it read the whole file. */
  readonly stoppedAt: number;
}

/** Lezer's parse, stopped where error recovery has used its budget. */
export function parseBounded(text: string, budget: number = RECOVERY_BASE_STEPS + Math.floor(text.length / RECOVERY_BYTES)): BoundedParse {
  const parse = parser.startParse(text);
  let spent = 0;
  let stoppedAt = -1;
  for (;;) {
    const tree = parse.advance();
    if (tree) return { tree, stoppedAt };
    // `recovering` is not in @lezer/lr's types; a parser without it would leave broken input unbounded again, so that is an error.
    const recovering = (parse as unknown as { recovering?: unknown }).recovering;
    if (typeof recovering !== 'number') throw new Error('@lezer/lr no longer exposes its error-recovery state: the parse of broken input cannot be bounded');
    if (recovering > 0 && ++spent > budget && stoppedAt < 0) {
      stoppedAt = parse.parsedPos;
      parse.stopAt(stoppedAt);
    }
  }
}
