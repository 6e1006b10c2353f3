/**
 * The fast Python fact extractor: tokenizer.ts, then statements.ts telling
 * fact-builder.ts what lezer's walk would record. Returns null ("use
 * lezer") on anything it does not model or is not sure of; where it answers,
 * its FileFacts are the lezer extractor's (npm run verify:real compares them
 * over real code).
 */
import type { FactWarning, FileFacts, Suppression } from '../../../model/index.js';
import { lineIndex } from '../../line-index.js';
import { parseSuppression } from '../../suppression-comment.js';
import { FactBuilder } from './fact-builder.js';
import { NOT_MODELLED } from './not-modelled.js';
import { StatementParser } from './statements.js';
import { tokenize } from './tokenizer.js';

/** The facts of decoded source `text` (warnings: the decoder's), or null when lezer should read it. */
export function extractFactsFast(text: string, warnings: FactWarning[]): FileFacts | null {
  const tokens = tokenize(text);
  if (!tokens) return null;
  const pos = lineIndex(text);
  const builder = new FactBuilder(pos);
  const { comments } = tokens;
  // Most files have no suppression comment: only then are the ranges lezer reads no comment in worth keeping.
  const suppressing = comments.length > 0 && text.includes('ssot-guard');
  const parser = new StatementParser(text, tokens, builder, suppressing);
  try {
    parser.file();
  } catch (err) {
    if (err === NOT_MODELLED) return null;
    throw err;
  }
  const suppressions: Suppression[] = [];
  if (suppressing) {
    const hidden = [...parser.importRanges, ...parser.chainRanges];
    for (let c = 0; c < comments.length; c += 2) {
      const from = comments[c]!;
      if (inRanges(hidden, from)) continue;
      const found = parseSuppression(text.slice(from, comments[c + 1]!));
      if (found) suppressions.push({ ...found, ...pos(from) });
    }
  }
  return builder.result(suppressions, warnings);
}

/** Whether `offset` falls inside one of the [from, to) pairs. */
function inRanges(pairs: readonly number[], offset: number): boolean {
  for (let r = 0; r < pairs.length; r += 2) if (pairs[r]! <= offset && offset < pairs[r + 1]!) return true;
  return false;
}
