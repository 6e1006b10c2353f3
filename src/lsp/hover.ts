import type { Hover, Position } from 'vscode-languageserver';
import type { Violation } from '../model/index.js';
import { evidenceChain } from '../report/evidence-chain.js';
import { rangeAt } from './diagnostics.js';

/**
 * The origin chains of the violations' uses at a position (0-based), as
 * `check` prints them: `legacy  app.ws.WebSocketManager  via a -> b`, and a
 * transitive finding's import chain. Null when no use of a violation is there.
 */
export function hoverAt(violations: readonly Violation[], position: Position, lineOf: (line: number) => string | undefined): Hover | null {
  const lines: string[] = [];
  for (const v of violations) {
    for (const e of v.evidence) {
      const range = rangeAt(e.line, e.column, lineOf(e.line));
      if (range.start.line !== position.line || position.character < range.start.character || position.character > range.end.character) continue;
      const chain = evidenceChain(e);
      lines.push(`**${v.rule}** ${e.side} \`${e.symbol}\`${chain.length ? ` via ${chain.join(' -> ')}` : ''}`);
      if (v.chain.length) lines.push(`import chain: ${v.chain.join(' -> ')}`);
    }
  }
  if (!lines.length) return null;
  return { contents: { kind: 'markdown', value: lines.join('\n\n') } };
}
