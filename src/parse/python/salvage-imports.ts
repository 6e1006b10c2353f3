import type { SyntaxNode, Tree } from '@lezer/common';
import { MODULE_UNIT, type ImportFact, type UnitName } from '../../model/index.js';
import { lineIndex } from '../line-index.js';

/** A statement's own imports, positions relative to the snippet, or null when the snippet does not parse cleanly. */
export type ReadImports = (snippet: string) => readonly ImportFact[] | null;

/** An `import` or `from` keyword opening a line: where an import statement can start. */
const IMPORT_START = /^[ \t\f]*(?=(?:from[ \t\f.\\]|import[ \t\f\\]))/gm;
const NOT_CODE = new Set(['String', 'FormatString', 'Comment']);

/**
 * Lezer's error recovery can fold the lines after a syntax error into the
 * broken expression (`x = (` swallows the rest of the file), and with them
 * every import statement there: a file that does not parse would then hide a
 * violation. After an erroneous parse, each line that starts like an import
 * and that the parser did not read as one (and is not inside a string or
 * comment) is parsed on its own; it counts when it parses cleanly. Its unit
 * and type-only flag come from the defs and `if TYPE_CHECKING:` around it.
 */
export function salvageImports(
  text: string,
  tree: Tree,
  parsed: ReadonlyArray<readonly [number, number]>,
  typeOnlyBodies: ReadonlySet<number>,
  read: ReadImports,
): ImportFact[] {
  const pos = lineIndex(text);
  const out: ImportFact[] = [];
  let r = 0;
  for (const m of text.matchAll(IMPORT_START)) {
    const start = m.index + m[0].length;
    while (r < parsed.length && parsed[r]![1] <= start) r++;
    if (r < parsed.length && parsed[r]![0] <= start) continue;
    const context = contextAt(text, tree.resolveInner(start, 1), typeOnlyBodies);
    if (!context) continue;
    const imports = read(text.slice(start, statementEnd(text, start)));
    if (!imports) continue;
    const at = pos(start);
    const shift = <T extends { line: number; column: number }>(p: T): T => ({
      ...p, line: at.line + p.line - 1, column: p.line === 1 ? at.column + p.column - 1 : p.column,
    });
    for (const imp of imports) {
      const placed = { ...shift(imp), unit: context.unit, typeOnly: context.typeOnly };
      out.push(placed.kind === 'from' ? { ...placed, names: placed.names.map(shift) } : placed);
    }
  }
  return out;
}

/** End of the logical line: backslash continuations, and an open `(` runs to its `)`. */
function statementEnd(text: string, start: number): number {
  let end = start;
  for (;;) {
    const nl = text.slice(end).search(/\r\n?|\n/);
    end = nl < 0 ? text.length : end + nl;
    if (text[end - 1] !== '\\' || end >= text.length) break;
    end += text.startsWith('\r\n', end) ? 2 : 1;
  }
  const open = text.indexOf('(', start);
  if (open >= 0 && open < end && text.indexOf(')', open) >= end) {
    const close = text.indexOf(')', open);
    if (close >= 0) end = close + 1;
  }
  return end;
}

/** The unit (innermost def, qualified by its classes) and type-only flag at a node; null inside a string or comment. */
function contextAt(text: string, node: SyntaxNode, typeOnlyBodies: ReadonlySet<number>): { unit: UnitName; typeOnly: boolean } | null {
  const scopes: Array<{ name: string; isDef: boolean }> = [];
  let typeOnly = false;
  for (let n: SyntaxNode | null = node; n; n = n.parent) {
    if (NOT_CODE.has(n.name)) return null;
    if (n.name === 'Body' && typeOnlyBodies.has(n.from)) typeOnly = true;
    if (n.name === 'FunctionDefinition' || n.name === 'ClassDefinition') {
      const name = n.getChild('VariableName');
      scopes.unshift({ name: name ? text.slice(name.from, name.to) : '?', isDef: n.name === 'FunctionDefinition' });
    }
  }
  let unit: UnitName = MODULE_UNIT;
  let qualifier = '';
  for (const s of scopes) {
    qualifier = qualifier ? `${qualifier}.${s.name}` : s.name;
    if (s.isDef) unit = qualifier;
  }
  return { unit, typeOnly };
}
